using System.Collections.Immutable;
using NeuronLab.Fitting;
using NeuronLab.Simulation;

namespace NeuronLab.Experiments.GradientDiffusion;

/// <summary>Root V [mV] of Fig 2E/H: the target, the common start x0 and each optimizer's final point, on one time axis [ms].</summary>
public sealed record IoFitTraces(ImmutableArray<double> Times, double[] Target, double[] Start, double[] Adam, double[] CmaEs)
{
    /// <summary>Simulates the three points (one lane each) and combines the root's neighbours as <see cref="IoSetup.RootCombination"/>.</summary>
    public static IoFitTraces Simulate(IoSetup io, FitObjective objective, IReadOnlyList<double> start, IReadOnlyList<double> adam, IReadOnlyList<double> cma)
    {
        var probes = objective.Problem.Path.Probes.Select(p => p.Name).ToList();
        var target = io.RootCombination(name => objective.Targets[0][probes.IndexOf(name)]!);
        double[] Root(SimulationResult recording) => io.RootCombination(name => recording[name].Values[0]);
        var first = objective.Simulate(start.ToArray());
        return new IoFitTraces([.. first.Traces[0].Times], target, Root(first), Root(objective.Simulate(adam.ToArray())), Root(objective.Simulate(cma.ToArray())));
    }

    /// <summary>mean((V − V_tgt)²) [mV²] of a trace against the target: the MSE the records hold, recomputed.</summary>
    public double Mse(double[] v) => v.Zip(Target, (a, b) => (a - b) * (a - b)).Average();
}
