namespace NeuronLab.Model.Mechanisms.Expressions;

/// <summary>Structural rewrites: symbol substitution, let-inlining and symbol collection.</summary>
public static class ExprRewriter
{
    /// <summary>Replaces the symbols named in <paramref name="replacements"/> (respecting let-shadowing).</summary>
    public static Expr Substitute(Expr expr, IReadOnlyDictionary<string, Expr> replacements) => expr switch
    {
        Constant => expr,
        Symbol s => replacements.TryGetValue(s.Name, out var r) ? r : s,
        Let l => new Let(l.Name, Substitute(l.Value, replacements),
            Substitute(l.Body, replacements.ContainsKey(l.Name) ? Without(replacements, l.Name) : replacements)),
        _ => MapChildren(expr, child => Substitute(child, replacements)),
    };

    /// <summary>Replaces every <see cref="Let"/> by substituting its value into its body.</summary>
    public static Expr InlineLets(Expr expr) => expr switch
    {
        Let l => InlineLets(Substitute(l.Body, new Dictionary<string, Expr> { [l.Name] = InlineLets(l.Value) })),
        Constant or Symbol => expr,
        _ => MapChildren(expr, InlineLets),
    };

    /// <summary>The names of the free symbols of <paramref name="expr"/>.</summary>
    public static ISet<string> FreeSymbols(Expr expr)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(expr, names, bound: []);
        return names;
    }

    /// <summary>True when the expression mentions the symbol <paramref name="name"/> freely.</summary>
    public static bool DependsOn(Expr expr, string name) => FreeSymbols(expr).Contains(name);

    /// <summary>Applies <paramref name="map"/> to every direct child and rebuilds the node.</summary>
    public static Expr MapChildren(Expr expr, Func<Expr, Expr> map) => expr switch
    {
        Constant or Symbol => expr,
        Unary u => u with { Operand = map(u.Operand) },
        Binary b => b with { Left = map(b.Left), Right = map(b.Right) },
        Comparison c => c with { Left = map(c.Left), Right = map(c.Right) },
        Logical l => l with { Left = map(l.Left), Right = map(l.Right) },
        Conditional c => new Conditional(map(c.Condition), map(c.WhenTrue), map(c.WhenFalse)),
        Exprelr e => e with { Argument = map(e.Argument) },
        Let l => l with { Value = map(l.Value), Body = map(l.Body) },
        _ => throw new ArgumentOutOfRangeException(nameof(expr), expr.GetType().Name, "Unknown expression node."),
    };

    /// <summary>The direct children of a node, in a fixed order.</summary>
    public static IEnumerable<Expr> Children(Expr expr) => expr switch
    {
        Constant or Symbol => [],
        Unary u => [u.Operand],
        Binary b => [b.Left, b.Right],
        Comparison c => [c.Left, c.Right],
        Logical l => [l.Left, l.Right],
        Conditional c => [c.Condition, c.WhenTrue, c.WhenFalse],
        Exprelr e => [e.Argument],
        Let l => [l.Value, l.Body],
        _ => throw new ArgumentOutOfRangeException(nameof(expr), expr.GetType().Name, "Unknown expression node."),
    };

    /// <summary>Number of nodes in the tree (a size measure for tests and code generation heuristics).</summary>
    public static int Size(Expr expr) => 1 + Children(expr).Sum(Size);

    private static void Collect(Expr expr, HashSet<string> names, HashSet<string> bound)
    {
        switch (expr)
        {
            case Symbol s when !bound.Contains(s.Name):
                names.Add(s.Name);
                break;
            case Let l:
                Collect(l.Value, names, bound);
                Collect(l.Body, names, new HashSet<string>(bound) { l.Name });
                break;
            default:
                foreach (var child in Children(expr)) Collect(child, names, bound);
                break;
        }
    }

    private static Dictionary<string, Expr> Without(IReadOnlyDictionary<string, Expr> map, string name)
    {
        var copy = map.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        copy.Remove(name);
        return copy;
    }
}
