using System.Collections.Immutable;
using NeuronLab.Model.Cells;

namespace NeuronLab.Simulation;

/// <summary>How the membrane current's slope dI/dV in the linearised voltage step is obtained.</summary>
public enum CurrentSlope
{
    /// <summary>The exact symbolic derivative (NeuronLab's default).</summary>
    Exact,
    /// <summary>NEURON's forward difference (I(v + 0.001 mV) − I(v)) / 0.001 mV, to reproduce NEURON step for step.</summary>
    NeuronDifference,
}

/// <summary>How long, with which step and scheme, and what to record.</summary>
/// <param name="Duration">Simulated time [ms]; a whole number of steps.</param>
/// <param name="Dt">Time step [ms].</param>
/// <param name="Slope">dI/dV of the linearised step; gradients differentiate whichever is chosen.</param>
public sealed record SimulationSettings(double Duration, double Dt, TimeScheme Scheme, ImmutableArray<Probe> Probes, CurrentSlope Slope = CurrentSlope.Exact)
{
    /// <summary>Number of steps, checking that <see cref="Duration"/> is a whole number of <see cref="Dt"/>.</summary>
    public int StepCount
    {
        get
        {
            if (!(Dt > 0) || !double.IsFinite(Dt)) throw new ArgumentException($"dt must be positive and finite, got {Dt} ms.");
            if (!(Duration >= 0) || !double.IsFinite(Duration)) throw new ArgumentException($"The duration must be non-negative and finite, got {Duration} ms.");
            var steps = Math.Round(Duration / Dt);
            if (Math.Abs(steps * Dt - Duration) > 1e-9 * Math.Max(1, Duration))
                throw new ArgumentException($"The duration {Duration} ms is not a whole number of steps of {Dt} ms.");
            return (int)steps;
        }
    }
}

/// <summary>Threads, cancellation and progress for a run.</summary>
/// <param name="Threads">Worker threads (lanes are split among them; results do not depend on this).</param>
public sealed record SimulationOptions(int Threads = 1, CancellationToken Cancellation = default, IProgress<double>? Progress = null)
{
    public static SimulationOptions Default { get; } = new();
}
