using NeuronLab.Experiments.GradientDiffusion.Homeostasis;

namespace NeuronLab.Experiments.Tests.GradientDiffusion.Homeostasis;

public sealed class LearningStabilityTests
{
    // Bisection to 1e-15 relative and a backward-stable 3×3 eigensolver: the crossing is exact to ≈ 1e-13.
    private const double CrossingTolerance = 1e-9;

    [Theory]
    [InlineData(1e-4, 0.3, 0.0)]
    [InlineData(3e-3, 0.3, 0.0)]
    [InlineData(3e-3, 0.3, 0.1)]
    [InlineData(0.05, 0.1, 0.0)]
    [InlineData(0.5, 2.0, 1.0)]
    public void EigenvalueCrossing_EqualsRouthHurwitzBound(double forgetting, double leakRate, double diffusionRate)
    {
        var formula = LearningStability.Bound(forgetting, leakRate, diffusionRate);
        var eigen = LearningStability.CriticalAlpha(forgetting, leakRate, diffusionRate);
        Assert.Equal(formula, eigen, CrossingTolerance * formula);
    }

    [Fact]
    public void Bound_PointNeuron_IsLambdaTimesLambdaPlusLeakRate()
    {
        // §5: λ = 1e-4 /ms, g_L/C = 0.3 /ms ⇒ α* = 1e-4·0.3001 = 3.001e-5 ("≈ 3e-5").
        Assert.Equal(3.001e-5, LearningStability.Bound(1e-4, 0.3), 1e-18);
        Assert.Equal(0.0, LearningStability.Bound(0, 0.3));
    }

    [Fact]
    public void LargestRealPart_ChangesSignAtTheBound()
    {
        var bound = LearningStability.Bound(3e-3, 0.3);
        Assert.True(LearningStability.LargestRealPart(0.99 * bound, 3e-3, 0.3) < 0);
        Assert.True(LearningStability.LargestRealPart(1.01 * bound, 3e-3, 0.3) > 0);
    }

    [Fact]
    public void SteadySensitivity_ShiftsTheBoundByOneOverGInfinity()
    {
        var g = LearningStability.SteadySensitivity(3e-3, 0.3);
        Assert.Equal(0.3 / 0.303, g, 1e-15);
        Assert.Equal(LearningStability.Bound(3e-3, 0.3) / g, LearningStability.CriticalAlpha(3e-3, 0.3, 0, g), 1e-9 * LearningStability.Bound(3e-3, 0.3));
    }

    [Fact]
    public void EngineSimulation_BelowDecaysAboveGrows_AtPredictedRates()
    {
        // The passive cell on the engine: the measured envelope rate must have the eigenvalue's sign and be within 25 %
        // of it (the windows' peaks sample the envelope at the oscillation's peaks, and G approaches G∞ during the run).
        const double forgetting = 3e-3, duration = 12_000, rateTolerance = 0.25;
        var bound = LearningStability.Bound(forgetting, StabilitySimulation.LeakRate);
        var g = LearningStability.SteadySensitivity(forgetting, StabilitySimulation.LeakRate);
        foreach (var factor in new[] { 0.8, 1.25 })
        {
            var run = StabilitySimulation.Simulate(factor * bound, forgetting, duration);
            var measured = StabilitySimulation.EnvelopeGrowthRate(run);
            var predicted = LearningStability.LargestRealPart(factor * bound, forgetting, StabilitySimulation.LeakRate, 0, g);
            Assert.Equal(Math.Sign(predicted), Math.Sign(measured));
            Assert.True(Math.Abs(measured - predicted) <= rateTolerance * Math.Abs(predicted), $"α = {factor}·α*: measured {measured}, predicted {predicted}");
        }
    }
}
