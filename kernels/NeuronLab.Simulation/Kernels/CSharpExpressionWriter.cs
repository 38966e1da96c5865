using System.Globalization;
using System.Text;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Simulation.Kernels;

/// <summary>Writes IR expressions as scalar C# statements (<c>double tN = …;</c>) with common-subexpression elimination.</summary>
internal sealed class CSharpExpressionWriter(StringBuilder output, Func<string, string> symbolName, string indent, string prefix = "t")
    : ExpressionWriter(output, indent, prefix)
{
    protected override string TypeName => "double";

    protected override string Literal(double value) => CSharpLiteral(value);

    /// <summary>A C# double literal (negative values parenthesised; NaN and infinities by name).</summary>
    public static string CSharpLiteral(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        var text = value.ToString("R", CultureInfo.InvariantCulture) + "d";
        return value < 0 ? $"({text})" : text;
    }

    protected override string SymbolValue(string name) => symbolName(name);

    protected override string Unary(UnaryOperator op, string x) => op switch
    {
        UnaryOperator.Negate => $"(-{x})",
        UnaryOperator.Not => $"({x} == 0.0 ? 1.0 : 0.0)",
        UnaryOperator.Exp => $"Math.Exp({x})",
        UnaryOperator.Log => $"Math.Log({x})",
        UnaryOperator.Sqrt => $"Math.Sqrt({x})",
        UnaryOperator.Abs => $"Math.Abs({x})",
        UnaryOperator.Tanh => $"Math.Tanh({x})",
        UnaryOperator.Sin => $"Math.Sin({x})",
        UnaryOperator.Cos => $"Math.Cos({x})",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    protected override string Binary(BinaryOperator op, string a, string b) => op switch
    {
        BinaryOperator.Add => $"{a} + {b}",
        BinaryOperator.Subtract => $"{a} - {b}",
        BinaryOperator.Multiply => $"{a} * {b}",
        BinaryOperator.Divide => $"{a} / {b}",
        BinaryOperator.Power => $"Math.Pow({a}, {b})",
        BinaryOperator.Min => $"Math.Min({a}, {b})",
        BinaryOperator.Max => $"Math.Max({a}, {b})",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    protected override string Comparison(ComparisonOperator op, string a, string b) => $"({a} {CComparison(op)} {b} ? 1.0 : 0.0)";

    protected override string Logical(LogicalOperator op, string a, string b) =>
        $"(({a} != 0.0 {(op == LogicalOperator.And ? "&&" : "||")} {b} != 0.0) ? 1.0 : 0.0)";

    protected override string Conditional(string condition, string whenTrue, string whenFalse) => $"({condition} != 0.0 ? {whenTrue} : {whenFalse})";

    protected override string Exprelr(string x, int order) => $"global::NeuronLab.Numerics.Exprelr.Derivative({x}, {order})";

    /// <summary>The C-family spelling of a comparison (C# and the device dialects share it).</summary>
    public static string CComparison(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Equal => "==",
        _ => "!=",
    };
}
