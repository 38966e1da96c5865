using System.Text;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Simulation.Kernels;

/// <summary>
/// Writes IR expressions as statements of some target language with common-subexpression elimination: every distinct
/// non-leaf node becomes one <c>TYPE tN = …;</c> line, emitted once and reused. When a symbol changes value (a state
/// updated in sequence), <see cref="Invalidate"/> forgets the temporaries that depend on it. Subclasses give the
/// target's spelling of each operation; operands are written left to right, so every target computes the same
/// operations in the same association (a double device agrees with the CPU to rounding).
/// </summary>
internal abstract class ExpressionWriter(StringBuilder output, string indent, string prefix)
{
    private readonly Dictionary<Expr, (string Name, ISet<string> Symbols)> _memo = [];
    private int _counter;

    /// <summary>The declared type of a temporary (<c>double</c>, <c>Vector256&lt;double&gt;</c>, <c>real</c>).</summary>
    protected abstract string TypeName { get; }

    protected abstract string Literal(double value);
    protected abstract string SymbolValue(string name);
    protected abstract string Unary(UnaryOperator op, string x);
    protected abstract string Binary(BinaryOperator op, string a, string b);
    protected abstract string Comparison(ComparisonOperator op, string a, string b);
    protected abstract string Logical(LogicalOperator op, string a, string b);
    protected abstract string Conditional(string condition, string whenTrue, string whenFalse);
    protected abstract string Exprelr(string x, int order);

    /// <summary>A value the writer already holds outside the temporaries (checked before them); null if none.</summary>
    protected virtual string? Known(Expr expr) => null;

    /// <summary>A value the writer produces another way than a temporary (e.g. hoisted out of the loop); null if none.</summary>
    protected virtual string? Elsewhere(Expr expr) => null;

    /// <summary>Emits the statements that compute <paramref name="expr"/> and returns an expression for its value.</summary>
    public string Write(Expr expr)
    {
        switch (expr)
        {
            case Constant c: return Literal(c.Value);
            case Let: return Write(ExprRewriter.InlineLets(expr));
        }
        if (Known(expr) is { } known) return known;
        if (_memo.TryGetValue(expr, out var hit)) return hit.Name;
        if (Elsewhere(expr) is { } elsewhere) return elsewhere;
        if (expr is Symbol s) return SymbolValue(s.Name);
        var text = Node(expr);
        var name = $"{prefix}{_counter++}";
        output.Append(indent).Append(TypeName).Append(' ').Append(name).Append(" = ").Append(text).AppendLine(";");
        _memo[expr] = (name, ExprRewriter.FreeSymbols(expr));
        return name;
    }

    /// <summary>The text of one non-leaf node, its operands written first (left to right).</summary>
    protected virtual string Node(Expr expr) => expr switch
    {
        Unary u => Unary(u.Operator, Write(u.Operand)),
        Binary { Operator: BinaryOperator.Power, Right: Constant { Value: 2 or 3 or 4 } k } b => string.Join(" * ", Enumerable.Repeat(Write(b.Left), (int)k.Value)),
        Binary b => Binary(b.Operator, Write(b.Left), Write(b.Right)),
        Comparison c => Comparison(c.Operator, Write(c.Left), Write(c.Right)),
        Logical l => Logical(l.Operator, Write(l.Left), Write(l.Right)),
        Conditional c => Conditional(Write(c.Condition), Write(c.WhenTrue), Write(c.WhenFalse)),
        Exprelr e => Exprelr(Write(e.Argument), e.Order),
        _ => throw new ArgumentOutOfRangeException(nameof(expr), expr.GetType().Name, "Unknown expression node."),
    };

    /// <summary>Forgets temporaries that read <paramref name="symbol"/> (its value is about to change).</summary>
    public void Invalidate(string symbol)
    {
        foreach (var key in _memo.Where(kv => kv.Value.Symbols.Contains(symbol)).Select(kv => kv.Key).ToList())
            _memo.Remove(key);
    }
}
