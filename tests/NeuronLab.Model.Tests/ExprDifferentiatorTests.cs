using NeuronLab.Model.Mechanisms.Expressions;
using static NeuronLab.Model.Mechanisms.Expressions.Ex;

namespace NeuronLab.Model.Tests;

public sealed class ExprDifferentiatorTests
{
    /// <summary>Central differences (h = 1e-5·scale) agree with exact derivatives to about 1e-9 on smooth functions; 1e-6 leaves room for curvature.</summary>
    private const double Tolerance = 1e-6;

    private static double Eval(Expr e, double x, double y) =>
        ExprEvaluator.Evaluate(e, name => name switch { "x" => x, "y" => y, _ => throw new KeyNotFoundException(name) });

    [Fact]
    public void Differentiate_RandomExpressions_MatchesCentralDifferences()
    {
        var random = new Random(2024);
        var checkedPoints = 0;
        for (var trial = 0; trial < 300; trial++)
        {
            var expr = RandomExpressions.Generate(random, depth: 4);
            var derivative = ExprDifferentiator.Differentiate(expr, "x");
            for (var p = 0; p < 3; p++)
            {
                var (x, y) = (random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2);
                var h = 1e-5 * Math.Max(1, Math.Abs(x));
                var (f1, f0) = (Eval(expr, x + h, y), Eval(expr, x - h, y));
                if (!double.IsFinite(f1) || !double.IsFinite(f0)) continue;
                if (NearKink(expr, x, y, h)) continue;
                var fd = (f1 - f0) / (2 * h);
                var exact = Eval(derivative, x, y);
                Assert.True(Math.Abs(fd - exact) <= Tolerance * Math.Max(1, Math.Abs(exact)),
                    $"d/dx {expr} at x={x}, y={y}: exact {exact}, fd {fd}\nderivative: {derivative}");
                checkedPoints++;
            }
        }
        Assert.True(checkedPoints > 600, $"only {checkedPoints} points checked");
    }

    [Fact]
    public void Differentiate_SecondOrder_MatchesDifferenceOfFirst()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 100; trial++)
        {
            var expr = RandomExpressions.Generate(random, depth: 3);
            var first = ExprDifferentiator.Differentiate(expr, "x");
            var second = ExprDifferentiator.Differentiate(expr, "x", 2);
            var (x, y) = (random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1);
            const double h = 1e-5;
            if (NearKink(expr, x, y, h)) continue;
            var fd = (Eval(first, x + h, y) - Eval(first, x - h, y)) / (2 * h);
            var exact = Eval(second, x, y);
            if (!double.IsFinite(fd)) continue;
            Assert.True(Math.Abs(fd - exact) <= Tolerance * Math.Max(1, Math.Abs(exact)), $"d2/dx2 {expr} at {x}: {exact} vs {fd}");
        }
    }

    [Fact]
    public void Simplify_RandomExpressions_KeepsValue()
    {
        var random = new Random(99);
        for (var trial = 0; trial < 300; trial++)
        {
            var expr = RandomExpressions.Generate(random, depth: 4);
            var simple = ExprSimplifier.Simplify(expr);
            var (x, y) = (random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2);
            var (a, b) = (Eval(expr, x, y), Eval(simple, x, y));
            if (!double.IsFinite(a)) continue;
            Assert.True(Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(a)), $"{expr} -> {simple}: {a} vs {b}");
        }
    }

    [Fact]
    public void Differentiate_KnownForms()
    {
        var x = Sym("x");
        Assert.Equal("(2 * x)", ExprDifferentiator.Differentiate(Pow(x, 2), "x").ToString());
        Assert.Equal(new Constant(0), ExprDifferentiator.Differentiate(Sym("y") * 3.0, "x"));
        Assert.Equal("exp(x)", ExprDifferentiator.Differentiate(Exp(x), "x").ToString());
        Assert.Equal(new Exprelr(x, 1), ExprDifferentiator.Differentiate(Exprelr(x), "x"));
    }

    [Fact]
    public void Simplify_Identities()
    {
        var x = Sym("x");
        Assert.Equal(x, ExprSimplifier.Simplify(x * 1.0 + 0.0));
        Assert.Equal(new Constant(0), ExprSimplifier.Simplify(x - x));
        Assert.Equal(new Constant(6), ExprSimplifier.Simplify(new Constant(2) * 3.0));
        Assert.Equal(x, ExprSimplifier.Simplify(-(-x)));
        Assert.Equal(x, ExprSimplifier.Simplify(If(Less(1.0, 2.0), x, Sym("y"))));
        // log(-1) would fold to NaN: the node is kept so the domain error stays visible.
        Assert.IsType<Unary>(ExprSimplifier.Simplify(Log(-1.0)));
    }

    [Fact]
    public void Simplify_ReciprocalChainsOfInfTauGates()
    {
        var (x, y) = (Sym("x"), Sym("y"));
        Assert.Equal(x * y, ExprSimplifier.Simplify(x / (1.0 / y)));
        Assert.Equal(1.0 / x, ExprSimplifier.Simplify(x / (x * x)));
        var tau = 1.0 / y;
        Assert.Equal(-y, ExprSimplifier.Simplify(-tau / (tau * tau)));
        // A cnexp gate s' = (inf − s)/τ with τ = 1/(q·y): its rate and its slope in s need no division.
        var gate = (Sym("inf") - Sym("s")) / (1.0 / (Sym("q") * y));
        Assert.DoesNotContain("/", ExprPrinter.Print(ExprSimplifier.Simplify(gate)));
        Assert.DoesNotContain("/", ExprPrinter.Print(ExprSimplifier.Simplify(ExprDifferentiator.Differentiate(gate, "s"))));
    }

    [Fact]
    public void InlineLets_RespectsShadowing()
    {
        var e = Let("u", Sym("x") + 1.0, Let("u", Sym("u") * 2.0, Sym("u") + Sym("y")));
        var inlined = ExprRewriter.InlineLets(e);
        Assert.Equal(Eval(e, 3, 5), Eval(inlined, 3, 5));
        Assert.Equal(13.0, Eval(inlined, 3, 5));
        Assert.DoesNotContain("u", ExprRewriter.FreeSymbols(inlined));
    }

    // Piecewise nodes (if/abs/min/max) are differentiable except on their switching surface: skip points within h of one.
    private static bool NearKink(Expr expr, double x, double y, double h)
    {
        foreach (var node in Descendants(ExprRewriter.InlineLets(expr)))
        {
            switch (node)
            {
                case Conditional { Condition: Comparison c }:
                    if (SignChanges(c.Left - c.Right, x, y, h)) return true;
                    break;
                case Unary { Operator: UnaryOperator.Abs } u:
                    if (SignChanges(u.Operand, x, y, h)) return true;
                    break;
            }
        }
        return false;
    }

    // A sign change across [x − 2h, x + 2h], or a value that overflowed, makes the point unusable for differences.
    private static bool SignChanges(Expr e, double x, double y, double h)
    {
        var (a, b) = (Eval(e, x - 2 * h, y), Eval(e, x + 2 * h, y));
        return !double.IsFinite(a) || !double.IsFinite(b) || Math.Sign(a) != Math.Sign(b);
    }

    private static IEnumerable<Expr> Descendants(Expr e) => ExprRewriter.Children(e).SelectMany(Descendants).Prepend(e);
}
