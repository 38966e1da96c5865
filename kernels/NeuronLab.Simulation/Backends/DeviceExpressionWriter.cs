using System.Text;
using NeuronLab.Model.Mechanisms.Expressions;
using NeuronLab.Simulation.Kernels;

namespace NeuronLab.Simulation.Backends;

/// <summary>
/// Writes IR expressions as C statements for a device dialect (<c>real tN = …;</c>), with the common-subexpression
/// elimination and the operation order of <see cref="ExpressionWriter"/>, so a double device agrees with the CPU to rounding.
/// </summary>
internal sealed class DeviceExpressionWriter(StringBuilder output, Func<string, string> symbolName, string indent, DeviceDialect dialect)
    : ExpressionWriter(output, indent, "t")
{
    /// <summary>exprelr derivative orders the written code calls (the program must define them).</summary>
    public static void CollectExprelrOrders(Expr expr, ISet<int> orders)
    {
        switch (expr)
        {
            case Exprelr e: orders.Add(e.Order); CollectExprelrOrders(e.Argument, orders); break;
            case Unary u: CollectExprelrOrders(u.Operand, orders); break;
            case Binary b: CollectExprelrOrders(b.Left, orders); CollectExprelrOrders(b.Right, orders); break;
            case Comparison c: CollectExprelrOrders(c.Left, orders); CollectExprelrOrders(c.Right, orders); break;
            case Logical l: CollectExprelrOrders(l.Left, orders); CollectExprelrOrders(l.Right, orders); break;
            case Conditional c: CollectExprelrOrders(c.Condition, orders); CollectExprelrOrders(c.WhenTrue, orders); CollectExprelrOrders(c.WhenFalse, orders); break;
            case Let let: CollectExprelrOrders(ExprRewriter.InlineLets(let), orders); break;
        }
    }

    protected override string TypeName => "real";

    protected override string Literal(double value) => dialect.Literal(value);

    protected override string SymbolValue(string name) => symbolName(name);

    protected override string Unary(UnaryOperator op, string x) => op switch
    {
        UnaryOperator.Negate => $"(-{x})",
        UnaryOperator.Not => $"({x} == {Literal(0.0)} ? {Literal(1.0)} : {Literal(0.0)})",
        UnaryOperator.Exp => $"exp({x})",
        UnaryOperator.Log => $"log({x})",
        UnaryOperator.Sqrt => $"sqrt({x})",
        UnaryOperator.Abs => $"fabs({x})",
        UnaryOperator.Tanh => $"tanh({x})",
        UnaryOperator.Sin => $"sin({x})",
        UnaryOperator.Cos => $"cos({x})",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    protected override string Binary(BinaryOperator op, string a, string b) => op switch
    {
        BinaryOperator.Add => $"{a} + {b}",
        BinaryOperator.Subtract => $"{a} - {b}",
        BinaryOperator.Multiply => $"{a} * {b}",
        BinaryOperator.Divide => $"{a} / {b}",
        BinaryOperator.Power => $"pow({a}, {b})",
        BinaryOperator.Min => $"fmin({a}, {b})",
        BinaryOperator.Max => $"fmax({a}, {b})",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    protected override string Comparison(ComparisonOperator op, string a, string b) =>
        $"({a} {CSharpExpressionWriter.CComparison(op)} {b} ? {Literal(1.0)} : {Literal(0.0)})";

    protected override string Logical(LogicalOperator op, string a, string b) =>
        $"(({a} != {Literal(0.0)} {(op == LogicalOperator.And ? "&&" : "||")} {b} != {Literal(0.0)}) ? {Literal(1.0)} : {Literal(0.0)})";

    protected override string Conditional(string condition, string whenTrue, string whenFalse) => $"({condition} != {Literal(0.0)} ? {whenTrue} : {whenFalse})";

    protected override string Exprelr(string x, int order) => $"{DeviceExprelr.FunctionName(order)}({x})";
}
