using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;
using NeuronLab.Simulation.Kernels;

namespace NeuronLab.Simulation.Tests;

public sealed class ExponentialSharingTests
{
    /// <summary>e^b·e^{kV} against e^{kV+b}: two extra roundings and the argument's own rounding (|kV + b| ≤ 20 here).</summary>
    private const double RelativeTolerance = 1e-14;

    private static readonly Symbol V = new(Mechanism.Voltage);

    [Fact]
    public void Plan_HodgkinHuxley_SharesTheThreeRatesOfSlopeMinusOneTenth()
    {
        var m = MechanismCatalogue.Get("hh");
        var roots = m.States.Select(s => m.Resolve(s.Derivative)).ToList();
        var plan = ExponentialSharing.Plan(roots);

        // α_m ∝ e^{−(V+40)/10}, β_h ∝ e^{−(V+35)/10}, α_n ∝ e^{−(V+55)/10}; the /18, /20 and /80 rates stand alone.
        Assert.Equal(3, plan.Count);
        var random = new Random(3);
        foreach (var (original, shared) in plan)
        {
            Assert.Single(Exponentials(shared).Distinct());
            for (var k = 0; k < 100; k++)
            {
                var v = -100 + 150 * random.NextDouble();
                var expected = ExprEvaluator.Evaluate(original, _ => v);
                var actual = ExprEvaluator.Evaluate(shared, _ => v);
                Assert.True(Math.Abs(actual - expected) <= RelativeTolerance * expected, $"{original} at V = {v}: {actual} vs {expected}");
            }
        }
    }

    [Fact]
    public void Plan_LeavesAloneWhatCouldOverflowDifferentlyOrIsNotAffine()
    {
        var steep = new[] { Ex.Exp(V), Ex.Exp(V + 1) };                          // slope 1/mV: e^{1000} overflows where e^{V+1}·… would not match
        var piecewise = new[] { Ex.Exp(Ex.If(Ex.Greater(V, 0.0), V, V + 1) * 0.1), Ex.Exp(V * 0.1 + 2) }; // equal slopes per branch, not one line
        var single = new[] { Ex.Exp(-V / 10), Ex.Exp(-V / 10) };                   // one offset: nothing to share
        var otherSymbol = new[] { Ex.Exp(-V / 10 + new Symbol("celsius")), Ex.Exp(-V / 10 + 1) };

        Assert.Empty(ExponentialSharing.Plan(steep));
        Assert.DoesNotContain(piecewise[0], ExponentialSharing.Plan(piecewise).Keys);
        Assert.Empty(ExponentialSharing.Plan(single));
        Assert.DoesNotContain(otherSymbol[0], ExponentialSharing.Plan(otherSymbol).Keys);
    }

    private static IEnumerable<Expr> Exponentials(Expr e) =>
        ExprRewriter.Children(e).SelectMany(Exponentials).Concat(e is Unary { Operator: UnaryOperator.Exp } ? [e] : []);
}
