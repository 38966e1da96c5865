using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Model.Tests;

public sealed class ExprFactoringTests
{
    /// <summary>The cancelled quotient and the plain quotient round differently: a few ulp.</summary>
    private const double Tolerance = 1e-14;

    private static readonly Symbol X = new("x"), S = new("s"), V = new("v"), Q = new("q");

    public static TheoryData<string, Expr, Expr> Cancellable => new()
    {
        // An inf/tau gate under cnexp: f = (inf − s)·q·(α + β), ∂f/∂s = −q·(α + β).
        { "gate", (X - S) * (Q * (Ex.Exp(-V / 10) + V)), -(Q * (Ex.Exp(-V / 10) + V)) },
        { "constants", 2.0 * X * (V + 1) * 3.0, 4.0 * (V + 1) },
        { "nested negation", -(X * -(V * Q)), V * Q },
    };

    [Theory]
    [MemberData(nameof(Cancellable))]
    public void TryCancel_WhenTheDenominatorsFactorsAreTheNumerators_GivesTheQuotientWithoutDivision(string name, Expr numerator, Expr denominator)
    {
        var quotient = ExprFactoring.TryCancel(numerator, denominator);
        Assert.NotNull(quotient);
        Assert.DoesNotContain(Nodes(quotient), n => n is Binary { Operator: BinaryOperator.Divide } b && ExprRewriter.DependsOn(b.Right, "q"));
        var random = new Random(5);
        for (var k = 0; k < 100; k++)
        {
            var values = new Dictionary<string, double> { ["x"] = random.NextDouble(), ["s"] = random.NextDouble(), ["v"] = -80 + 100 * random.NextDouble(), ["q"] = 0.5 + random.NextDouble() };
            var expected = ExprEvaluator.Evaluate(numerator, values) / ExprEvaluator.Evaluate(denominator, values);
            var actual = ExprEvaluator.Evaluate(quotient, values);
            Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{name}: {expected} vs {actual}");
        }
    }

    [Fact]
    public void TryCancel_WhenAFactorIsMissing_ReturnsNull()
    {
        Assert.Null(ExprFactoring.TryCancel(X * V, Q));                  // q is not a factor
        Assert.Null(ExprFactoring.TryCancel(X + V, V));                  // a sum is one factor, not x + v
        Assert.Null(ExprFactoring.TryCancel(X * V, V * V));              // v only once in the numerator
        Assert.Null(ExprFactoring.TryCancel(X * V, new Constant(0) * V)); // division by zero
    }

    private static IEnumerable<Expr> Nodes(Expr e) => ExprRewriter.Children(e).SelectMany(Nodes).Prepend(e);
}
