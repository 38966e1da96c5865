using System.Globalization;
using System.Text;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Simulation.Kernels;

/// <summary>
/// Writes IR expressions as C# statements with common-subexpression elimination: every distinct non-leaf node
/// becomes one <c>double tN = …;</c> line, emitted once and reused. When a symbol changes value (a state updated in
/// sequence), <see cref="Invalidate"/> forgets the temporaries that depend on it.
/// </summary>
internal sealed class CSharpExpressionWriter(StringBuilder output, Func<string, string> symbolName, string indent, string prefix = "t")
{
    private readonly Dictionary<Expr, (string Name, ISet<string> Symbols)> _memo = [];
    private int _counter;

    /// <summary>Emits the statements that compute <paramref name="expr"/> and returns a C# expression for its value.</summary>
    public string Write(Expr expr)
    {
        switch (expr)
        {
            case Constant c: return Literal(c.Value);
            case Symbol s: return symbolName(s.Name);
            case Let: return Write(ExprRewriter.InlineLets(expr));
        }
        if (_memo.TryGetValue(expr, out var hit)) return hit.Name;
        var text = expr switch
        {
            Unary u => Unary(u.Operator, Write(u.Operand)),
            Binary { Operator: BinaryOperator.Power, Right: Constant { Value: 2 or 3 or 4 } k } b => IntegerPower(Write(b.Left), (int)k.Value),
            Binary b => Binary(b.Operator, Write(b.Left), Write(b.Right)),
            Comparison c => $"({Write(c.Left)} {Comparison(c.Operator)} {Write(c.Right)} ? 1.0 : 0.0)",
            Logical l => $"(({Write(l.Left)} != 0.0 {(l.Operator == LogicalOperator.And ? "&&" : "||")} {Write(l.Right)} != 0.0) ? 1.0 : 0.0)",
            Conditional c => $"({Write(c.Condition)} != 0.0 ? {Write(c.WhenTrue)} : {Write(c.WhenFalse)})",
            Exprelr e => $"global::NeuronLab.Numerics.Exprelr.Derivative({Write(e.Argument)}, {e.Order})",
            _ => throw new ArgumentOutOfRangeException(nameof(expr), expr.GetType().Name, "Unknown expression node."),
        };
        var name = $"{prefix}{_counter++}";
        output.Append(indent).Append("double ").Append(name).Append(" = ").Append(text).AppendLine(";");
        _memo[expr] = (name, ExprRewriter.FreeSymbols(expr));
        return name;
    }

    /// <summary>Forgets temporaries that read <paramref name="symbol"/> (its value is about to change).</summary>
    public void Invalidate(string symbol)
    {
        foreach (var key in _memo.Where(kv => kv.Value.Symbols.Contains(symbol)).Select(kv => kv.Key).ToList())
            _memo.Remove(key);
    }

    public static string Literal(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        var text = value.ToString("R", CultureInfo.InvariantCulture) + "d";
        return value < 0 ? $"({text})" : text;
    }

    private static string Unary(UnaryOperator op, string x) => op switch
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

    private static string Binary(BinaryOperator op, string a, string b) => op switch
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

    private static string IntegerPower(string x, int k) => string.Join(" * ", Enumerable.Repeat(x, k));

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
