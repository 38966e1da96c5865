using System.Collections.Immutable;
using NeuronLab.Model.Cells;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Gradients;

namespace NeuronLab.Fitting.Tests;

public sealed class FitObjectiveTests
{
    /// <summary>A lane's result does not depend on its position in the batch, up to SIMD rounding: relative 1e-12.</summary>
    private const double BatchPositionTolerance = 1e-12;

    /// <summary>Central differences with h = 1e-3 mS/cm² on a smooth fixed-step loss: truncation O(h²) and rounding
    /// ~1e-16·L/h are both far below 1e-5 relative (plus 1e-9 absolute).</summary>
    private const double FiniteDifferenceRelative = 1e-5, FiniteDifferenceAbsolute = 1e-9;

    private static readonly double[] s_truth = [132, 101, 41];

    [Fact]
    public void FromGroundTruth_LossZeroAtTruth_PositiveElsewhere()
    {
        var objective = FitObjective.FromGroundTruth(SmallCell.Problem(), s_truth);
        Assert.Equal(0.0, objective.Evaluate(s_truth, withGradient: false).Loss);
        Assert.True(objective.Evaluate(SmallCell.Defaults, withGradient: false).Loss > 1.0);
        Assert.Equal(3 + 3 * 2, objective.Simulations);
    }

    [Theory]
    [InlineData(GradientMode.Forward)]
    [InlineData(GradientMode.Reverse)]
    public void Evaluate_Gradient_MatchesCentralDifferencesInOptimizerUnits(GradientMode mode)
    {
        var problem = SmallCell.Problem();
        problem = problem with { Path = ((FixedStepPath)problem.Path) with { Mode = mode } };
        var objective = FitObjective.FromGroundTruth(problem, s_truth);
        var x = SmallCell.Defaults;
        var e = objective.Evaluate(x);
        AssertMatchesCentralDifferences(objective, x, e.Gradient);
    }

    [Fact]
    public void PopulationLosses_EqualSingleModelLosses_AndDivergingCandidateIsNaN()
    {
        var objective = FitObjective.FromGroundTruth(SmallCell.Problem(), s_truth);
        double[][] candidates = [SmallCell.Defaults, s_truth, [90, 140, 30], [double.NaN, 120, 36]];
        var losses = new double[candidates.Length];
        objective.PopulationLosses(candidates, losses);
        for (var k = 0; k < 3; k++)
        {
            var single = objective.Evaluate(candidates[k], withGradient: false).Loss;
            Assert.True(Math.Abs(losses[k] - single) <= BatchPositionTolerance * Math.Max(1, Math.Abs(single)), $"candidate {k}: {losses[k]} vs {single}");
        }
        Assert.True(double.IsNaN(losses[3]), $"the diverging candidate should get NaN, got {losses[3]}");
    }

    [Fact]
    public void Sites_LimitRecordingAndStimulation_AsData()
    {
        var full = SmallCell.Problem();
        var limited = full with { Recording = SiteSelection.Only("v0"), Stimulation = SiteSelection.Only("I0"), TargetStimulation = SiteSelection.All };
        var objective = FitObjective.FromGroundTruth(limited, s_truth);
        Assert.All(objective.Targets, t => Assert.NotNull(t[0]));
        Assert.All(objective.Targets, t => Assert.True(t[1] is null && t[2] is null));
        Assert.Equal(1, limited.RecordedProbeCount);
        // Stimulus 1 only stimulates compartment 2, which the model no longer receives: the model is at rest there.
        Assert.Empty(limited.Lane(s_truth, 1, limited.Stimulation).Stimuli);
        Assert.True(objective.Evaluate(s_truth, withGradient: false).Loss > 0, "the model misses currents the targets were made with");
        var sameStimulation = limited with { TargetStimulation = null }; // default: targets made with the model's stimulation
        Assert.Equal(0.0, FitObjective.FromGroundTruth(sameStimulation, s_truth).Evaluate(s_truth, false).Loss);
    }

    /// <summary>Probes sampled every 0.5 ms (20 steps) and a loss on 0.2·v0 + 0.3·v1 + 0.5·v2 (a zero-area node's
    /// reading): 31 samples, and the gradient in both modes matches central differences.</summary>
    [Theory]
    [InlineData(GradientMode.Forward)]
    [InlineData(GradientMode.Reverse)]
    public void Evaluate_SampledCombinationLoss_GradientMatchesCentralDifferences(GradientMode mode)
    {
        var probes = Enumerable.Range(0, 3).Select(i => Probe.Voltage($"v{i}", Location.AtCompartment(i), samplingPeriod: 0.5)).ToImmutableArray();
        var path = new FixedStepPath(new SimulationSettings(15, 0.025, TimeScheme.BackwardEuler, probes), mode);
        var problem = SmallCell.Problem(path) with { Loss = FitLoss.HalfMeanOverTimeOfCombination([0.2, 0.3, 0.5]) };
        Assert.Equal(31, path.Samples);
        var objective = FitObjective.FromGroundTruth(problem, s_truth);
        Assert.Equal(0.0, objective.Evaluate(s_truth, withGradient: false).Loss);
        var x = SmallCell.Defaults;
        var e = objective.Evaluate(x);
        Assert.True(e.Loss > 0);
        AssertMatchesCentralDifferences(objective, x, e.Gradient);
    }

    /// <summary>With coefficients (1, 0, 0) the combination loss is the plain loss recorded at v0 alone (same arithmetic).</summary>
    [Fact]
    public void CombinationLoss_SingleUnitCoefficient_EqualsHalfMeanOverTimeOfThatProbe()
    {
        var combined = SmallCell.Problem() with { Loss = FitLoss.HalfMeanOverTimeOfCombination([1, 0, 0]) };
        var single = SmallCell.Problem() with { Recording = SiteSelection.Only("v0") };
        var a = FitObjective.FromGroundTruth(combined, s_truth).Evaluate(SmallCell.Defaults, withGradient: false).Loss;
        var b = FitObjective.FromGroundTruth(single, s_truth).Evaluate(SmallCell.Defaults, withGradient: false).Loss;
        Assert.True(b > 0);
        Assert.Equal(b, a, 1e-12 * b);
    }

    [Fact]
    public void FixedStepPath_ProbesWithDifferentSamplingPeriods_Throw()
    {
        ImmutableArray<Probe> probes = [Probe.Voltage("a", Location.AtCompartment(0), samplingPeriod: 0.5), Probe.Voltage("b", Location.AtCompartment(1))];
        var path = new FixedStepPath(new SimulationSettings(15, 0.025, TimeScheme.BackwardEuler, probes));
        Assert.Throws<NotSupportedException>(() => path.Samples);
    }

    [Fact]
    public void Validate_UnknownParameter_Throws()
    {
        var problem = SmallCell.Problem() with { Parameters = [new FitParameter("nope")] };
        var e = Assert.Throws<ArgumentException>(() => FitObjective.FromGroundTruth(problem, [1.0]));
        Assert.Contains("nope", e.Message);
    }

    [Fact]
    public void GroundTruthDraw_SameSeedSameValues_WithinRange()
    {
        var a = GroundTruth.Draw(SmallCell.Defaults, 7);
        Assert.Equal(a.ToArray(), GroundTruth.Draw(SmallCell.Defaults, 7).ToArray());
        Assert.NotEqual(a.ToArray(), GroundTruth.Draw(SmallCell.Defaults, 8).ToArray());
        for (var i = 0; i < a.Length; i++) Assert.InRange(a[i], 0.7 * SmallCell.Defaults[i], 1.3 * SmallCell.Defaults[i]);
    }

    /// <summary>Every component of <paramref name="gradient"/> against a central difference with h = 1e-3 optimizer units.</summary>
    private static void AssertMatchesCentralDifferences(FitObjective objective, double[] x, IReadOnlyList<double> gradient)
    {
        const double h = 1e-3;
        for (var i = 0; i < x.Length; i++)
        {
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            var fd = (objective.Evaluate(plus, false).Loss - objective.Evaluate(minus, false).Loss) / (2 * h);
            Assert.True(Math.Abs(fd - gradient[i]) <= FiniteDifferenceRelative * Math.Abs(fd) + FiniteDifferenceAbsolute,
                $"dL/dx{i}: gradient {gradient[i]}, central difference {fd}");
        }
    }
}
