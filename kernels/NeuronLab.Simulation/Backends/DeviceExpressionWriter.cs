using System.Text;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Simulation.Backends;

/// <summary>
/// Writes IR expressions as C statements for a device dialect, with the common-subexpression elimination of the C#
/// writer (<see cref="Kernels.CSharpExpressionWriter"/>): every distinct non-leaf node becomes one <c>real tN = …;</c>
/// line, emitted once and reused; <see cref="Invalidate"/> forgets temporaries that read a symbol about to change.
/// The operations and their association are the C# writer's, so a double device agrees with the CPU to rounding.
/// </summary>
internal sealed class DeviceExpressionWriter(StringBuilder output, Func<string, string> symbolName, string indent, DeviceDialect dialect)
{
    private readonly Dictionary<Expr, (string Name, ISet<string> Symbols)> _memo = [];
    private int _counter;

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

    /// <summary>Emits the statements that compute <paramref name="expr"/> and returns a C expression for its value.</summary>
    public string Write(Expr expr)
    {
        switch (expr)
        {
            case Constant c: return dialect.Literal(c.Value);
            case Symbol s: return symbolName(s.Name);
            case Let: return Write(ExprRewriter.InlineLets(expr));
        }
        if (_memo.TryGetValue(expr, out var hit)) return hit.Name;
        var one = dialect.Literal(1.0);
        var zero = dialect.Literal(0.0);
        var text = expr switch
        {
            Unary u => Unary(u.Operator, Write(u.Operand)),
            Binary { Operator: BinaryOperator.Power, Right: Constant { Value: 2 or 3 or 4 } k } b => string.Join(" * ", Enumerable.Repeat(Write(b.Left), (int)k.Value)),
            Binary b => Binary(b.Operator, Write(b.Left), Write(b.Right)),
            Comparison c => $"({Write(c.Left)} {Comparison(c.Operator)} {Write(c.Right)} ? {one} : {zero})",
            Logical l => $"(({Write(l.Left)} != {zero} {(l.Operator == LogicalOperator.And ? "&&" : "||")} {Write(l.Right)} != {zero}) ? {one} : {zero})",
            Conditional c => $"({Write(c.Condition)} != {zero} ? {Write(c.WhenTrue)} : {Write(c.WhenFalse)})",
            Exprelr e => $"{DeviceExprelr.FunctionName(e.Order)}({Write(e.Argument)})",
            _ => throw new ArgumentOutOfRangeException(nameof(expr), expr.GetType().Name, "Unknown expression node."),
        };
        var name = $"t{_counter++}";
        output.Append(indent).Append("real ").Append(name).Append(" = ").Append(text).AppendLine(";");
        _memo[expr] = (name, ExprRewriter.FreeSymbols(expr));
        return name;
    }

    /// <summary>Forgets temporaries that read <paramref name="symbol"/>.</summary>
    public void Invalidate(string symbol)
    {
        foreach (var key in _memo.Where(kv => kv.Value.Symbols.Contains(symbol)).Select(kv => kv.Key).ToList())
            _memo.Remove(key);
    }

    private string Unary(UnaryOperator op, string x) => op switch
    {
        UnaryOperator.Negate => $"(-{x})",
        UnaryOperator.Not => $"({x} == {dialect.Literal(0.0)} ? {dialect.Literal(1.0)} : {dialect.Literal(0.0)})",
        UnaryOperator.Exp => $"exp({x})",
        UnaryOperator.Log => $"log({x})",
        UnaryOperator.Sqrt => $"sqrt({x})",
        UnaryOperator.Abs => $"fabs({x})",
        UnaryOperator.Tanh => $"tanh({x})",
        UnaryOperator.Sin => $"sin({x})",
        UnaryOperator.Cos => $"cos({x})",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static string Binary(BinaryOperator op, string a, string b) => op switch
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

    private static string Comparison(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Equal => "==",
        _ => "!=",
    };
}
