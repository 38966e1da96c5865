using System.Text;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Simulation.Kernels;

/// <summary>
/// Writes IR expressions as <c>Vector256&lt;double&gt;</c> statements with common-subexpression elimination, like
/// <see cref="CSharpExpressionWriter"/>. Subexpressions that depend only on uniform symbols (globals, dt, time,
/// constants) are hoisted: computed once per call as scalars in the preamble and broadcast (e.g. HH's
/// <c>q10 = 3^((celsius − 6.3)/10)</c>), so they cost nothing per instance and lane.
/// </summary>
internal sealed class VectorExpressionWriter
{
    private const string Vm = "global::NeuronLab.Simulation.Kernels.KernelVectorMath";
    private readonly StringBuilder _output;
    private readonly StringBuilder _preamble;
    private readonly Func<string, string> _symbolName;
    private readonly Func<string, bool> _isUniform;
    private readonly string _indent;
    private readonly CSharpExpressionWriter _uniform;
    private readonly Dictionary<Expr, (string Name, ISet<string> Symbols)> _memo = [];
    private readonly Dictionary<Expr, string> _broadcast = [];
    private int _counter;

    public VectorExpressionWriter(StringBuilder output, StringBuilder preamble, Func<string, string> symbolName, Func<string, bool> isUniform, string indent)
    {
        _output = output;
        _preamble = preamble;
        _symbolName = symbolName;
        _isUniform = isUniform;
        _indent = indent;
        _uniform = new CSharpExpressionWriter(preamble, symbolName, "        ", "u");
    }

    /// <summary>Emits the statements that compute <paramref name="expr"/> and returns a C# Vector256 expression for its value.</summary>
    public string Write(Expr expr)
    {
        switch (expr)
        {
            case Constant c: return $"Vector256.Create({CSharpExpressionWriter.Literal(c.Value)})";
            case Let: return Write(ExprRewriter.InlineLets(expr));
        }
        if (_broadcast.TryGetValue(expr, out var uniform)) return uniform;
        if (_memo.TryGetValue(expr, out var hit)) return hit.Name;
        var symbols = ExprRewriter.FreeSymbols(expr);
        if (symbols.All(_isUniform))
        {
            var scalar = _uniform.Write(expr);
            var name = $"U{_broadcast.Count}";
            _preamble.Append("        Vector256<double> ").Append(name).Append(" = Vector256.Create(").Append(scalar).AppendLine(");");
            _broadcast[expr] = name;
            return name;
        }
        if (expr is Symbol s) return _symbolName(s.Name);
        var text = expr switch
        {
            Unary u => Unary(u.Operator, Write(u.Operand)),
            Binary { Operator: BinaryOperator.Power, Right: Constant { Value: 2 or 3 or 4 } k } b => IntegerPower(Write(b.Left), (int)k.Value),
            // x / c as x · (1/c): a multiply instead of a divide (≤ 1 ulp apart; exact when c is a power of two).
            Binary { Operator: BinaryOperator.Divide, Right: Constant { Value: var c } } b when c != 0 && double.IsFinite(1.0 / c) =>
                $"{Write(b.Left)} * Vector256.Create({CSharpExpressionWriter.Literal(1.0 / c)})",
            Binary b => Binary(b.Operator, Write(b.Left), Write(b.Right)),
            Comparison c => $"{Vm}.Indicator({Comparison(c.Operator, Write(c.Left), Write(c.Right))})",
            Logical l => $"{Vm}.{(l.Operator == LogicalOperator.And ? "And" : "Or")}({Write(l.Left)}, {Write(l.Right)})",
            Conditional c => $"{Vm}.Select({Write(c.Condition)}, {Write(c.WhenTrue)}, {Write(c.WhenFalse)})",
            Exprelr e => $"{Vm}.Exprelr({Write(e.Argument)}, {e.Order})",
            _ => throw new ArgumentOutOfRangeException(nameof(expr), expr.GetType().Name, "Unknown expression node."),
        };
        var temp = $"t{_counter++}";
        _output.Append(_indent).Append("Vector256<double> ").Append(temp).Append(" = ").Append(text).AppendLine(";");
        _memo[expr] = (temp, symbols);
        return temp;
    }

    /// <summary>Forgets temporaries that read <paramref name="symbol"/> (its value is about to change).</summary>
    public void Invalidate(string symbol)
    {
        foreach (var key in _memo.Where(kv => kv.Value.Symbols.Contains(symbol)).Select(kv => kv.Key).ToList())
            _memo.Remove(key);
    }

    private static string Unary(UnaryOperator op, string x) => op switch
    {
        UnaryOperator.Negate => $"(-{x})",
        UnaryOperator.Not => $"{Vm}.Not({x})",
        UnaryOperator.Exp => $"Vector256.Exp({x})",
        UnaryOperator.Log => $"Vector256.Log({x})",
        UnaryOperator.Sqrt => $"Vector256.Sqrt({x})",
        UnaryOperator.Abs => $"Vector256.Abs({x})",
        UnaryOperator.Tanh => $"{Vm}.Tanh({x})",
        UnaryOperator.Sin => $"{Vm}.Sin({x})",
        UnaryOperator.Cos => $"{Vm}.Cos({x})",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static string Binary(BinaryOperator op, string a, string b) => op switch
    {
        BinaryOperator.Add => $"{a} + {b}",
        BinaryOperator.Subtract => $"{a} - {b}",
        BinaryOperator.Multiply => $"{a} * {b}",
        BinaryOperator.Divide => $"{a} / {b}",
        BinaryOperator.Power => $"{Vm}.Pow({a}, {b})",
        BinaryOperator.Min => $"Vector256.Min({a}, {b})",
        BinaryOperator.Max => $"Vector256.Max({a}, {b})",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static string IntegerPower(string x, int k) => string.Join(" * ", Enumerable.Repeat(x, k));

    private static string Comparison(ComparisonOperator op, string a, string b) => op switch
    {
        ComparisonOperator.Less => $"Vector256.LessThan({a}, {b})",
        ComparisonOperator.LessOrEqual => $"Vector256.LessThanOrEqual({a}, {b})",
        ComparisonOperator.Greater => $"Vector256.GreaterThan({a}, {b})",
        ComparisonOperator.GreaterOrEqual => $"Vector256.GreaterThanOrEqual({a}, {b})",
        ComparisonOperator.Equal => $"Vector256.Equals({a}, {b})",
        _ => $"~Vector256.Equals({a}, {b})",
    };
}
