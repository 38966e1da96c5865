using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using NeuronLab.Interactive;

namespace NeuronLab.Kernel.Execution;

/// <summary>The value of a cell's trailing expression, if it has one.</summary>
internal readonly record struct CellResult(bool HasValue, object? Value);

/// <summary>
/// The C# state of a notebook: a chain of Roslyn script submissions with <see cref="NotebookGlobals"/> as globals.
/// Each cell continues from the last completed one, so variables, methods and types persist.
/// Not thread-safe: one cell runs at a time; completion/inspection read the last completed state.
/// </summary>
internal sealed partial class CSharpSession
{
    private readonly ScriptOptions _options;
    private readonly NotebookGlobals _globals = new();
    private readonly Task<ScriptState<object?>> _initial;
    private volatile ScriptState<object?>? _state;

    public CSharpSession(IEnumerable<string>? extraImports = null)
    {
        _options = ScriptOptions.Default
            .AddReferences(KernelDefaults.References.Select(Reference))
            .AddImports(KernelDefaults.Imports.Concat(extraImports ?? []))
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithOptimizationLevel(OptimizationLevel.Debug)
            .WithAllowUnsafe(true);
        // Warm Roslyn up in the background: the first real cell then replies in well under a second.
        _initial = Task.Run(async () =>
        {
            var state = await CSharpScript.RunAsync<object?>("", _options, _globals, typeof(NotebookGlobals)).ConfigureAwait(false);
            state = await state.ContinueWithAsync<object?>("var __warmup = new List<int> { 1 }.Select(x => x).Count();").ConfigureAwait(false);
            _state ??= state;
            return state;
        });
    }

    private static MetadataReference Reference(System.Reflection.Assembly assembly)
    {
        var xml = Path.ChangeExtension(assembly.Location, ".xml");
        return MetadataReference.CreateFromFile(assembly.Location,
            documentation: File.Exists(xml) ? new XmlDocumentation(xml) : null);
    }

    private ScriptState<object?> State => _state ?? _initial.GetAwaiter().GetResult();

    /// <summary>Waits for the warm-up (the first cell calls it).</summary>
    public Task WarmUpAsync() => _initial;

    /// <summary>Parse options of a submission.</summary>
    public CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    /// <summary>Runs one cell's code. Throws <see cref="CompilationErrorException"/> or the code's exception.</summary>
    public async Task<CellResult> RunAsync(string code, CancellationToken cancellationToken)
    {
        await _initial.ConfigureAwait(false);
        var previous = State;
        var next = await previous.ContinueWithAsync<object?>(code, _options, catchException: _ => true, cancellationToken).ConfigureAwait(false);
        // Keep what the cell defined before it threw (as IPython does).
        _state = next;
        if (next.Exception is { } e)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        return new CellResult(HasResult(next.Script.GetCompilation()), next.ReturnValue);
    }

    /// <summary>Whether the submission ends with an expression without ';' whose type is not void (its value is the result).</summary>
    private static bool HasResult(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.Single();
        if (tree.GetRoot() is not Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax unit
            || unit.Members.LastOrDefault() is not Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax
            {
                Statement: Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax { SemicolonToken.IsMissing: true } statement,
            })
        {
            return false;
        }
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    /// <summary>Variables defined so far (the last of each name), in declaration order.</summary>
    public IReadOnlyList<VariableInfo> Variables
    {
        get
        {
            if (_state is not { } state)
                return [];
            var byName = new Dictionary<string, VariableInfo>();
            var order = new List<string>();
            foreach (var v in state.Variables)
            {
                if (v.Name.StartsWith("__", StringComparison.Ordinal))
                    continue;
                if (!byName.ContainsKey(v.Name))
                    order.Add(v.Name);
                byName[v.Name] = new VariableInfo(v.Name, v.Type, v.Value);
            }
            return order.Select(n => byName[n]).ToList();
        }
    }

    /// <summary>The compilation of <paramref name="code"/> as the next submission (for completion and inspection).</summary>
    private (Compilation Compilation, SyntaxTree Tree, SemanticModel Model) Analyze(string code)
    {
        var script = State.Script.ContinueWith(code, _options);
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Single();
        return (compilation, tree, compilation.GetSemanticModel(tree));
    }

    /// <summary>complete / incomplete / invalid, from Roslyn's syntax diagnostics.</summary>
    public string IsComplete(string code)
    {
        var (_, rest) = MagicParser.Split(code);
        if (string.IsNullOrWhiteSpace(rest))
            return "complete";
        var tree = CSharpSyntaxTree.ParseText(rest, ParseOptions);
        if (!SyntaxFactory.IsCompleteSubmission(tree))
            return "incomplete";
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? "invalid" : "complete";
    }

    internal static ImmutableArray<ISymbol> Distinct(IEnumerable<ISymbol> symbols) =>
        [.. symbols.GroupBy(s => s.Name).Select(g => g.First())];
}
