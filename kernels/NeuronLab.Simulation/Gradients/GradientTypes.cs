using System.Collections.Immutable;

namespace NeuronLab.Simulation.Gradients;

/// <summary>How dL/dθ is computed. Both give the exact derivative of the discrete simulation.</summary>
public enum GradientMode
{
    /// <summary>Forward sensitivities ("gradient diffusion"): cost grows with the number of parameters.</summary>
    Forward,
    /// <summary>The discrete adjoint with checkpointing: cost independent of the number of parameters.</summary>
    Reverse,
}

/// <summary>Options of a gradient computation.</summary>
/// <param name="MemoryBudgetBytes">Reverse mode keeps every step's state when it fits in this budget (no recomputation);
/// otherwise it checkpoints every √N steps and recomputes each segment once.</param>
/// <param name="Checkpointing">False forces keeping every step (to measure what checkpointing saves).</param>
public sealed record GradientOptions(
    GradientMode Mode = GradientMode.Reverse,
    int Threads = 1,
    long MemoryBudgetBytes = 256L << 20,
    bool Checkpointing = true,
    CancellationToken Cancellation = default);

/// <summary>What a reverse sweep cost.</summary>
public sealed record GradientStatistics(GradientMode Mode, int CheckpointInterval, long PeakStateBytes, long RecomputedSteps);

/// <summary>The loss, its gradient (summed over lanes and per lane), and the primal recording.</summary>
/// <param name="GradientPerLane">[lane][parameter]: dℓ_lane/dθ.</param>
public sealed record GradientResult(
    double Loss,
    ImmutableArray<double> LossPerLane,
    ImmutableArray<string> Parameters,
    ImmutableArray<double> Gradient,
    double[][] GradientPerLane,
    SimulationResult Recording,
    GradientStatistics Statistics)
{
    /// <summary>dL/dθ for the parameter called <paramref name="name"/>.</summary>
    public double this[string name] => Gradient[Parameters.IndexOf(name) is var i and >= 0 ? i : throw new KeyNotFoundException($"No gradient for '{name}'.")];
}

/// <summary>Recorded forward sensitivities: d(probe)/dθ per probe, parameter, lane and sample.</summary>
/// <param name="Values">[probe][parameter][lane][sample]</param>
public sealed record SensitivityResult(SimulationResult Recording, ImmutableArray<string> Parameters, double[][][][] Values)
{
    /// <summary>d(<paramref name="probe"/>)/d(<paramref name="parameter"/>) as [lane][sample].</summary>
    public double[][] Of(string probe, string parameter)
    {
        var p = Recording.Traces.Select(t => t.Probe.Name).ToList().IndexOf(probe);
        var q = Parameters.IndexOf(parameter);
        if (p < 0) throw new KeyNotFoundException($"No probe '{probe}'.");
        if (q < 0) throw new KeyNotFoundException($"No sensitivity for parameter '{parameter}'.");
        return Values[p][q];
    }
}
