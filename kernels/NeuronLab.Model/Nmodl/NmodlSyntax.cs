using System.Collections.Immutable;

namespace NeuronLab.Model.Nmodl;

// The syntax tree of the supported NMODL subset, as the parser reads it (before any meaning is given to names).

/// <summary>An expression as written.</summary>
public abstract record NmodlExpression(SourcePosition Position);

public sealed record NmodlNumber(SourcePosition Position, double Value) : NmodlExpression(Position);

public sealed record NmodlName(SourcePosition Position, string Name) : NmodlExpression(Position);

public sealed record NmodlCall(SourcePosition Position, string Name, ImmutableArray<NmodlExpression> Arguments) : NmodlExpression(Position);

/// <summary>Unary <c>-</c> or <c>!</c>.</summary>
public sealed record NmodlUnary(SourcePosition Position, string Operator, NmodlExpression Operand) : NmodlExpression(Position);

/// <summary>Binary <c>+ - * / ^ &lt; &lt;= &gt; &gt;= == != &amp;&amp; ||</c>.</summary>
public sealed record NmodlBinary(SourcePosition Position, string Operator, NmodlExpression Left, NmodlExpression Right) : NmodlExpression(Position);

/// <summary>A statement as written.</summary>
public abstract record NmodlStatement(SourcePosition Position);

/// <summary><c>x = e</c>, or <c>x' = e</c> when <paramref name="IsDerivative"/>.</summary>
public sealed record NmodlAssignment(SourcePosition Position, string Target, bool IsDerivative, NmodlExpression Value) : NmodlStatement(Position);

public sealed record NmodlLocal(SourcePosition Position, ImmutableArray<string> Names) : NmodlStatement(Position);

public sealed record NmodlIf(SourcePosition Position, NmodlExpression Condition, ImmutableArray<NmodlStatement> Then, ImmutableArray<NmodlStatement> Else) : NmodlStatement(Position);

/// <summary>A procedure call used as a statement, e.g. <c>rates(v)</c>.</summary>
public sealed record NmodlCallStatement(SourcePosition Position, NmodlCall Call) : NmodlStatement(Position);

/// <summary><c>SOLVE block METHOD method</c>.</summary>
public sealed record NmodlSolve(SourcePosition Position, string Block, string Method) : NmodlStatement(Position);

/// <summary>A <c>TABLE</c> statement (ignored: NeuronLab evaluates rate functions exactly).</summary>
public sealed record NmodlTable(SourcePosition Position) : NmodlStatement(Position);

/// <summary>A parameter, assigned variable or state declaration.</summary>
public sealed record NmodlDeclaration(
    SourcePosition Position, string Name, double? Value, string? Unit, double? Lower, double? Upper, SourcePosition UnitPosition);

/// <summary>A formal argument of a PROCEDURE or FUNCTION.</summary>
public sealed record NmodlArgument(SourcePosition Position, string Name, string? Unit);

/// <summary>A PROCEDURE, FUNCTION or DERIVATIVE block (a DERIVATIVE has no arguments).</summary>
public sealed record NmodlCallable(
    SourcePosition Position, string Kind, string Name, ImmutableArray<NmodlArgument> Arguments, string? Unit,
    ImmutableArray<NmodlStatement> Body);

/// <summary><c>USEION ion READ … WRITE …</c>.</summary>
public sealed record NmodlIonUse(SourcePosition Position, string Ion, ImmutableArray<string> Reads, ImmutableArray<string> Writes);

/// <summary><c>(name) = (definition)</c> in a UNITS block.</summary>
public sealed record NmodlUnitDefinition(SourcePosition Position, string Name, string Definition);

/// <summary>A whole .mod file.</summary>
public sealed record NmodlFile(
    string FileName,
    string? Title,
    string? Suffix,
    bool IsPointProcess,
    SourcePosition SuffixPosition,
    ImmutableArray<NmodlIonUse> Ions,
    ImmutableArray<(SourcePosition Position, string Name)> NonspecificCurrents,
    ImmutableHashSet<string> Range,
    ImmutableHashSet<string> Global,
    ImmutableArray<NmodlUnitDefinition> Units,
    ImmutableDictionary<string, double> Defines,
    ImmutableArray<NmodlDeclaration> Parameters,
    ImmutableArray<NmodlDeclaration> Assigned,
    ImmutableArray<NmodlDeclaration> States,
    ImmutableArray<NmodlStatement>? Initial,
    ImmutableArray<NmodlStatement>? Breakpoint,
    SourcePosition BreakpointPosition,
    ImmutableArray<NmodlCallable> Callables,
    ImmutableArray<NmodlDiagnostic> Diagnostics);
