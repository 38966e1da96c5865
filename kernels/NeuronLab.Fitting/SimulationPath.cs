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
/// <param name="Settings">Duration, dt, scheme, probes. All probes share one sampling period (0 = every step, or a whole
/// number of steps, e.g. Gradient Diffusion's 1 ms at dt 0.025 ms), so that every trace has the same number of samples.</param>
/// <param name="Mode">Forward sensitivities or the discrete adjoint.</param>
public sealed record FixedStepPath(SimulationSettings Settings, GradientMode Mode = GradientMode.Reverse) : SimulationPath
{
    public override IReadOnlyList<Model.Cells.Probe> Probes => Settings.Probes;

    /// <summary><c>StepCount / k + 1</c> for probes sampled every k steps (the simulator's recorder count).</summary>
    public override int Samples
    {
        get
        {
            var periods = Settings.Probes.Select(p => Math.Max(p.SamplingPeriod, 0)).Distinct().ToList();
            if (periods.Count > 1)
                throw new NotSupportedException($"FixedStepPath needs probes that share one sampling period; got {string.Join(", ", periods)} ms.");
            var period = periods.Count == 0 ? 0 : periods[0];
            var every = period == 0 ? 1 : (int)Math.Round(period / Settings.Dt);
            if (every < 1 || Math.Abs(every * Settings.Dt - Math.Max(period, Settings.Dt)) > 1e-9 * Math.Max(1, period))
                throw new NotSupportedException($"The sampling period {period} ms is not a whole number of steps of {Settings.Dt} ms.");
            return Settings.StepCount / every + 1;
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
