using NeuronLab.Numerics;

namespace NeuronLab.Model.Mechanisms.Expressions;

/// <summary>
/// Evaluates an expression directly (a tree walk). This is the reference the generated kernels are checked against;
/// simulations run generated code, not this.
/// </summary>
public static class ExprEvaluator
{
    /// <summary>Evaluates <paramref name="expr"/> with symbol values looked up in <paramref name="values"/>.</summary>
    /// <exception cref="KeyNotFoundException">A free symbol has no value.</exception>
    public static double Evaluate(Expr expr, IReadOnlyDictionary<string, double> values) =>
        Evaluate(expr, name => values.TryGetValue(name, out var v)
            ? v
            : throw new KeyNotFoundException($"No value for symbol '{name}'."));

    /// <summary>Evaluates <paramref name="expr"/> with symbol values given by <paramref name="lookup"/>.</summary>
    public static double Evaluate(Expr expr, Func<string, double> lookup) => expr switch
    {
        Constant c => c.Value,
        Symbol s => lookup(s.Name),
        Unary u => Apply(u.Operator, Evaluate(u.Operand, lookup)),
        Binary b => Apply(b.Operator, Evaluate(b.Left, lookup), Evaluate(b.Right, lookup)),
        Comparison c => Apply(c.Operator, Evaluate(c.Left, lookup), Evaluate(c.Right, lookup)) ? 1.0 : 0.0,
        Logical { Operator: LogicalOperator.And } l => Evaluate(l.Left, lookup) != 0 && Evaluate(l.Right, lookup) != 0 ? 1.0 : 0.0,
        Logical l => Evaluate(l.Left, lookup) != 0 || Evaluate(l.Right, lookup) != 0 ? 1.0 : 0.0,
        Conditional c => Evaluate(c.Condition, lookup) != 0 ? Evaluate(c.WhenTrue, lookup) : Evaluate(c.WhenFalse, lookup),
        Exprelr e => Numerics.Exprelr.Derivative(Evaluate(e.Argument, lookup), e.Order),
        Let l => EvaluateLet(l, lookup),
        _ => throw new ArgumentOutOfRangeException(nameof(expr), expr.GetType().Name, "Unknown expression node."),
    };

    public static double Apply(UnaryOperator op, double x) => op switch
    {
        UnaryOperator.Negate => -x,
        UnaryOperator.Not => x == 0 ? 1.0 : 0.0,
        UnaryOperator.Exp => Math.Exp(x),
        UnaryOperator.Log => Math.Log(x),
        UnaryOperator.Sqrt => Math.Sqrt(x),
        UnaryOperator.Abs => Math.Abs(x),
        UnaryOperator.Tanh => Math.Tanh(x),
        UnaryOperator.Sin => Math.Sin(x),
        UnaryOperator.Cos => Math.Cos(x),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static double Apply(BinaryOperator op, double a, double b) => op switch
    {
        BinaryOperator.Add => a + b,
        BinaryOperator.Subtract => a - b,
        BinaryOperator.Multiply => a * b,
        BinaryOperator.Divide => a / b,
        BinaryOperator.Power => Math.Pow(a, b),
        BinaryOperator.Min => Math.Min(a, b),
        BinaryOperator.Max => Math.Max(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static bool Apply(ComparisonOperator op, double a, double b) => op switch
    {
        ComparisonOperator.Less => a < b,
        ComparisonOperator.LessOrEqual => a <= b,
        ComparisonOperator.Greater => a > b,
        ComparisonOperator.GreaterOrEqual => a >= b,
        ComparisonOperator.Equal => a == b,
        ComparisonOperator.NotEqual => a != b,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static double EvaluateLet(Let let, Func<string, double> lookup)
    {
        var value = Evaluate(let.Value, lookup);
        return Evaluate(let.Body, name => name == let.Name ? value : lookup(name));
    }
}
