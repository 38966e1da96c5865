using System.Globalization;

namespace NeuronLab.Model.Mechanisms.Expressions;

/// <summary>
/// A node of the mechanism expression IR: an immutable tree over constants and named symbols
/// (parameters, states, <c>v</c>, <c>t</c>, globals, ion variables). Value equality is structural.
/// Operators are overloaded so mechanisms read like their equations: <c>g * Pow(m, 3) * h * (V - ena)</c>.
/// </summary>
/// <remarks>Booleans are represented as 1.0 (true) and 0.0 (false), as in NMODL.</remarks>
public abstract record Expr
{
    public static implicit operator Expr(double value) => new Constant(value);

    public static Expr operator +(Expr a, Expr b) => new Binary(BinaryOperator.Add, a, b);
    public static Expr operator -(Expr a, Expr b) => new Binary(BinaryOperator.Subtract, a, b);
    public static Expr operator *(Expr a, Expr b) => new Binary(BinaryOperator.Multiply, a, b);
    public static Expr operator /(Expr a, Expr b) => new Binary(BinaryOperator.Divide, a, b);
    public static Expr operator -(Expr a) => new Unary(UnaryOperator.Negate, a);

    /// <summary>Writes the expression in a C-like infix syntax (fully parenthesised where needed).</summary>
    public sealed override string ToString() => ExprPrinter.Print(this);
}

/// <summary>A literal number.</summary>
public sealed record Constant(double Value) : Expr
{
    public static readonly Constant Zero = new(0.0);
    public static readonly Constant One = new(1.0);
}

/// <summary>A named quantity whose meaning (parameter, state, voltage, ...) is given by the mechanism that uses it.</summary>
public sealed record Symbol(string Name) : Expr;

/// <summary>One-argument operators and functions.</summary>
public enum UnaryOperator { Negate, Not, Exp, Log, Sqrt, Abs, Tanh, Sin, Cos }

/// <summary>Two-argument operators and functions.</summary>
public enum BinaryOperator { Add, Subtract, Multiply, Divide, Power, Min, Max }

/// <summary>Comparisons; their value is 1 when true and 0 when false.</summary>
public enum ComparisonOperator { Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual }

/// <summary>Logical connectives on 0/1 values (any non-zero value counts as true).</summary>
public enum LogicalOperator { And, Or }

public sealed record Unary(UnaryOperator Operator, Expr Operand) : Expr;

public sealed record Binary(BinaryOperator Operator, Expr Left, Expr Right) : Expr;

public sealed record Comparison(ComparisonOperator Operator, Expr Left, Expr Right) : Expr;

public sealed record Logical(LogicalOperator Operator, Expr Left, Expr Right) : Expr;

/// <summary><c>Condition ? WhenTrue : WhenFalse</c>.</summary>
public sealed record Conditional(Expr Condition, Expr WhenTrue, Expr WhenFalse) : Expr;

/// <summary>
/// The <paramref name="Order"/>-th derivative of <c>exprelr(x) = x/(eˣ−1)</c> (order 0 is the function itself),
/// which writes rates like <c>a(V−V½)/(1−e^{−(V−V½)/k})</c> without a 0/0 (see <c>NeuronLab.Numerics.Exprelr</c>).
/// </summary>
public sealed record Exprelr(Expr Argument, int Order = 0) : Expr;

/// <summary>A local binding: <c>let Name = Value in Body</c>.</summary>
public sealed record Let(string Name, Expr Value, Expr Body) : Expr;

/// <summary>Factory functions for the mathematical functions of the IR (use with <c>using static</c>).</summary>
public static class Ex
{
    public static Symbol Sym(string name) => new(name);
    public static Expr Exp(Expr x) => new Unary(UnaryOperator.Exp, x);
    public static Expr Log(Expr x) => new Unary(UnaryOperator.Log, x);
    public static Expr Sqrt(Expr x) => new Unary(UnaryOperator.Sqrt, x);
    public static Expr Abs(Expr x) => new Unary(UnaryOperator.Abs, x);
    public static Expr Tanh(Expr x) => new Unary(UnaryOperator.Tanh, x);
    internal static Expr Sin_(Expr x) => new Unary(UnaryOperator.Sin, x);
    internal static Expr Cos_(Expr x) => new Unary(UnaryOperator.Cos, x);
    public static Expr Not(Expr x) => new Unary(UnaryOperator.Not, x);
    public static Expr Pow(Expr x, Expr y) => new Binary(BinaryOperator.Power, x, y);
    public static Expr Min(Expr x, Expr y) => new Binary(BinaryOperator.Min, x, y);
    public static Expr Max(Expr x, Expr y) => new Binary(BinaryOperator.Max, x, y);
    public static Expr Exprelr(Expr x) => new Expressions.Exprelr(x);

    /// <summary>NEURON's <c>vtrap(x, y) = x/(exp(x/y) − 1)</c>, written as <c>y·exprelr(x/y)</c>.</summary>
    public static Expr Vtrap(Expr x, Expr y) => y * new Expressions.Exprelr(x / y);

    public static Expr If(Expr condition, Expr whenTrue, Expr whenFalse) => new Conditional(condition, whenTrue, whenFalse);
    public static Expr Less(Expr a, Expr b) => new Comparison(ComparisonOperator.Less, a, b);
    public static Expr LessOrEqual(Expr a, Expr b) => new Comparison(ComparisonOperator.LessOrEqual, a, b);
    public static Expr Greater(Expr a, Expr b) => new Comparison(ComparisonOperator.Greater, a, b);
    public static Expr GreaterOrEqual(Expr a, Expr b) => new Comparison(ComparisonOperator.GreaterOrEqual, a, b);
    public static Expr Let(string name, Expr value, Expr body) => new Expressions.Let(name, value, body);

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
