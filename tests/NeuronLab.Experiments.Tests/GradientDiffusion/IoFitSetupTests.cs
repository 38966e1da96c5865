using NeuronLab.Experiments.GradientDiffusion;
using NeuronLab.Fitting;
using NeuronLab.Simulation.Gradients;

namespace NeuronLab.Experiments.Tests.GradientDiffusion;

/// <summary>The Fig 2D–H problem: parameter sets, start, target and the root loss.</summary>
public sealed class IoFitSetupTests
{
    [Fact]
    public void Paper17_StartsAtDefaults_TargetChangesOnlyConductances()
    {
        var io = new IoSetup(IoSetup.C4APath());
        var setup = new IoFitSetup(io, IoFitParameters.Paper17, 20, GradientMode.Forward);
        Assert.Equal(17, setup.Names.Length);
        for (var j = 0; j < setup.Names.Length; j++)
        {
            var parameter = setup.Problem.Parameters[j];
            Assert.Equal(io.Default(setup.Names[j]), setup.Start[j] * parameter.Scale, 12); // x0 · scale = the default
            if (j >= 12) Assert.Equal(setup.Start[j], setup.Truth[j]);
        }
        Assert.Equal(-1.0, setup.Start[setup.Names.IndexOf("V_K")]);
        Assert.Equal(IoSetup.TargetMultipliers, setup.Truth.Take(12));
        Assert.Equal(21, setup.Problem.Path.Samples); // 20 ms sampled every 1 ms
    }

    /// <summary>The root loss is zero at the truth and, at x0, equals mean((V₀ − V₀_tgt)²)/2 of the combined traces.</summary>
    [Fact]
    public void Conductances12_LossIsHalfMseOfTheRootCombination()
    {
        var io = new IoSetup(IoSetup.C4APath());
        var setup = new IoFitSetup(io, IoFitParameters.Conductances12, 50, GradientMode.Forward);
        Assert.Equal(12, setup.Names.Length);
        var objective = FitObjective.FromGroundTruth(setup.Problem, setup.Truth);
        Assert.Equal(0.0, objective.Evaluate(setup.Truth.ToArray(), withGradient: false).Loss);
        var loss = objective.Evaluate(setup.Start.ToArray(), withGradient: false).Loss;
        var traces = IoFitTraces.Simulate(io, objective, setup.Start, setup.Start, setup.Start);
        Assert.True(loss > 0);
        Assert.Equal(traces.Mse(traces.Start) / 2, loss, 1e-12 * loss);
    }
}
