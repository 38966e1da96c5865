using System.Collections.Immutable;
using NeuronLab.Model.Cells;
using NeuronLab.Numerics.Ode;

namespace NeuronLab.Simulation.Ode;

/// <summary>How the ODE path treats the jumps of piecewise-constant stimuli (bins, steps, pulses).</summary>
public enum StimulusEdges
{
    /// <summary>Steps end exactly on every jump and the derivative is re-evaluated after it; the right-hand side is
    /// smooth on every step. Fewer rejected steps, and the solution is a smooth function of the parameters for a fixed
    /// step sequence.</summary>
    Clip,
    /// <summary>Steps cross jumps and the error control rejects and shrinks them (what torchdiffeq's dopri5 does in the
    /// Jones &amp; Kording code).</summary>
    Reject,
}

/// <summary>
/// The accepted step sequence of an adaptive run, per lane (end time of every step [ms]). Passing it back in
/// <see cref="OdeSettings.Schedule"/> replays exactly those steps with no error control.
/// </summary>
public sealed record OdeStepSchedule(ImmutableArray<ImmutableArray<double>> StepEnds);

/// <summary>
/// Settings of an adaptive ODE simulation of a whole cell (<see cref="OdeSolver"/>).
/// </summary>
/// <param name="RelativeTolerance">rtol of the mixed error norm.</param>
/// <param name="AbsoluteTolerance">atol [mV for V, state units for states].</param>
/// <param name="OutputTimes">Ascending sample times [ms], each ≥ <paramref name="StartTime"/>; traces hold one value per time.</param>
/// <param name="StartTime">Time of the initial condition [ms] (Jones &amp; Kording start at tt[0] = 5/49 ms).</param>
/// <param name="Probes">What to record (voltage or a mechanism state at a compartment); their sampling periods are ignored.</param>
/// <param name="Edges">How stimulus jumps are stepped over.</param>
/// <param name="Schedule">When set, these steps are replayed (one list per lane) instead of choosing steps adaptively.</param>
/// <param name="Tableau">The Runge–Kutta method; null is Dormand–Prince 5(4).</param>
public sealed record OdeSettings(
    double RelativeTolerance,
    double AbsoluteTolerance,
    ImmutableArray<double> OutputTimes,
    double StartTime,
    ImmutableArray<Probe> Probes,
    StimulusEdges Edges = StimulusEdges.Clip,
    OdeStepSchedule? Schedule = null,
    ButcherTableau? Tableau = null)
{
    /// <summary>The step control these settings give (torchdiffeq's dopri5 defaults for safety and growth limits).</summary>
    public StepControl Control => new(RelativeTolerance, AbsoluteTolerance);

    /// <summary>The Runge–Kutta method in use.</summary>
    public ButcherTableau Method => Tableau ?? ButcherTableau.DormandPrince54;
}

/// <summary>An adaptive run: the recording (one sample per output time), per-lane step statistics and step sequence.</summary>
/// <param name="Recording">Traces sampled at the output times; <c>Steps</c> is the largest number of accepted steps of any lane.</param>
public sealed record OdeResult(SimulationResult Recording, ImmutableArray<OdeStatistics> Statistics, OdeStepSchedule Schedule);

/// <summary>Forward sensitivities of the recorded probes: <c>Values[probe][parameter][lane][sample]</c>.</summary>
public sealed record OdeSensitivityResult(OdeResult Run, ImmutableArray<string> Parameters, double[][][][] Values)
{
    /// <summary>d(<paramref name="probe"/>)/d(<paramref name="parameter"/>) as [lane][sample].</summary>
    public double[][] Of(string probe, string parameter)
    {
        var p = Run.Recording.Traces.Select(t => t.Probe.Name).ToList().IndexOf(probe);
        var q = Parameters.IndexOf(parameter);
        if (p < 0) throw new KeyNotFoundException($"No probe '{probe}'.");
        if (q < 0) throw new KeyNotFoundException($"No sensitivity for parameter '{parameter}'.");
        return Values[p][q];
    }
}
