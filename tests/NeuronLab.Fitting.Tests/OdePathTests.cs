using System.Collections.Immutable;
using NeuronLab.Simulation.Ode;

namespace NeuronLab.Fitting.Tests;

/// <summary>The same <see cref="FitObjective"/> on the adaptive ODE path: the Jones &amp; Kording cell with two §7 stimuli.</summary>
public sealed class OdePathTests
{
    private static FittingProblem Problem()
    {
        // jones-kording.md §7 S1 (10 µA/cm² everywhere) and S2 (15 in the soma only), bins 1–46.
        double[] Bins(double level) => [0, .. Enumerable.Repeat(level, 46), 0];
        IReadOnlyList<double>[] s1 = [.. Enumerable.Range(0, 6).Select(_ => Bins(10))];
        IReadOnlyList<double>[] s2 = [Bins(15), .. Enumerable.Range(0, 5).Select(_ => Bins(0))];
        return new FittingProblem(JonesKordingCell.Lower(), new OdePath(JonesKordingCell.Settings()),
            [.. JonesKordingCell.ParameterNames.Select(n => new FitParameter(n, JonesKordingCell.PaperConductanceUnit))],
            [JonesKordingCell.Stimuli(s1), JonesKordingCell.Stimuli(s2)], FitLoss.MeanOverAllEntries);
    }

    private static readonly ImmutableArray<double> s_truth = [.. JonesKordingCell.GroundTruthSodium, .. JonesKordingCell.GroundTruthPotassium];
    private static readonly double[] s_start = [.. JonesKordingCell.Uniform(100), .. JonesKordingCell.Uniform(45)];

    [Fact]
    public void OdePath_LossZeroAtTruth_PopulationEqualsSingle_GradientDescends()
    {
        var objective = FitObjective.FromGroundTruth(Problem(), s_truth, new FitOptions(Threads: 2));
        Assert.Equal(0.0, objective.Evaluate(s_truth.AsSpan(), withGradient: false).Loss);
        var e = objective.Evaluate(s_start);
        Assert.True(e.Loss > 1, $"loss at the start {e.Loss}");
        Assert.Equal(12, e.Gradient.Length);
        var losses = new double[2];
        objective.PopulationLosses([s_start, [.. s_truth]], losses);
        Assert.Equal(e.Loss, losses[0]); // every lane chooses its own steps: the batch position does not matter
        Assert.Equal(0.0, losses[1]);
        // A small step against the gradient lowers the loss (the gradient is in optimizer units, mS/cm²).
        var norm = Math.Sqrt(e.Gradient.Sum(g => g * g));
        var step = s_start.Select((x, i) => x - 0.05 * e.Gradient[i] / norm).ToArray();
        Assert.True(objective.Evaluate(step, withGradient: false).Loss < e.Loss);
    }
}
