using NeuronLab.Simulation;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Ode;

namespace NeuronLab.Fitting;

/// <summary>How a fitting problem simulates and differentiates: a closed set (fixed-step or adaptive ODE).</summary>
public abstract record SimulationPath
{
    private protected SimulationPath() { }

    /// <summary>The probes recorded, in order (targets and losses are indexed by this order).</summary>
    public abstract IReadOnlyList<Model.Cells.Probe> Probes { get; }

    /// <summary>Samples per recorded trace.</summary>
    public abstract int Samples { get; }
}

/// <summary>
/// The fixed-step batched simulator (<see cref="Simulator.Run(Simulation.Lowering.LoweredCell, SimulationSettings, IReadOnlyList{Lane}, SimulationOptions?)"/>)
/// with exact gradients of the discrete scheme (<see cref="Differentiation.Gradient"/>).
/// </summary>
/// <param name="Settings">Duration, dt, scheme, probes. Probes must sample every step (sampling period 0), so that every
/// trace has <c>StepCount + 1</c> samples.</param>
/// <param name="Mode">Forward sensitivities or the discrete adjoint.</param>
public sealed record FixedStepPath(SimulationSettings Settings, GradientMode Mode = GradientMode.Reverse) : SimulationPath
{
    public override IReadOnlyList<Model.Cells.Probe> Probes => Settings.Probes;

    public override int Samples
    {
        get
        {
            if (Settings.Probes.Any(p => p.SamplingPeriod > 0))
                throw new NotSupportedException("FixedStepPath needs probes that sample every step (SamplingPeriod = 0).");
            return Settings.StepCount + 1;
        }
    }
}

/// <summary>The adaptive ODE path (<see cref="OdeSolver"/>): one output per <see cref="OdeSettings.OutputTimes"/> entry,
/// gradients by forward sensitivities with each lane's step sequence held fixed.</summary>
public sealed record OdePath(OdeSettings Settings) : SimulationPath
{
    public override IReadOnlyList<Model.Cells.Probe> Probes => Settings.Probes;

    public override int Samples => Settings.OutputTimes.Length;
}
