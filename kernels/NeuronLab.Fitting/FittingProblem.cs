using System.Collections.Immutable;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Fitting;

/// <summary>
/// A fitting problem (DESIGN.md §8): a lowered cell, how it is simulated, the learnable parameters, a stimulus set (one
/// lane per stimulus, all sharing one model), the stimulation and recording sites, and the loss. Immutable description;
/// <see cref="FitObjective"/> turns it into objectives.
/// </summary>
/// <param name="Cell">The lowered cell; every <see cref="FitParameter.Name"/> must be one of its parameters.</param>
/// <param name="Path">Fixed-step or adaptive ODE simulation.</param>
/// <param name="Parameters">The learnable parameters, in optimizer order.</param>
/// <param name="Stimuli">One entry per stimulus: the current clamps applied in that lane.</param>
/// <param name="Loss">The loss over recorded traces.</param>
/// <remarks>
/// <para><b>Sites.</b> <see cref="Stimulation"/> selects the clamps the fitted model receives; <see cref="TargetStimulation"/>
/// the clamps the ground-truth model received when the targets were made (default all). Jones &amp; Kording's limited
/// stimulation gives the model only some of the currents the targets were made with (their epoch-0 losses of 278–315
/// against 34 for full stimulation show this). <see cref="Recording"/> selects the probes with targets.</para>
/// </remarks>
public sealed record FittingProblem(
    LoweredCell Cell,
    SimulationPath Path,
    ImmutableArray<FitParameter> Parameters,
    ImmutableArray<ImmutableArray<CurrentClamp>> Stimuli,
    FitLoss Loss)
{
    /// <summary>Clamps (by name) the fitted model receives; default all.</summary>
    public SiteSelection Stimulation { get; init; } = SiteSelection.All;

    /// <summary>Clamps (by name) the ground truth received when the targets were simulated; null (default) means the same
    /// as <see cref="Stimulation"/>.</summary>
    public SiteSelection? TargetStimulation { get; init; }

    /// <summary><see cref="TargetStimulation"/>, or <see cref="Stimulation"/> when it is null.</summary>
    public SiteSelection EffectiveTargetStimulation => TargetStimulation ?? Stimulation;

    /// <summary>Probes (by name) that have targets; default all.</summary>
    public SiteSelection Recording { get; init; } = SiteSelection.All;

    /// <summary>Values of non-learnable cell parameters shared by every lane (canonical units); default none.</summary>
    public ImmutableDictionary<string, double> Fixed { get; init; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>Learnable parameter names, in optimizer order.</summary>
    public ImmutableArray<string> ParameterNames => [.. Parameters.Select(p => p.Name)];

    /// <summary>Number of stimuli (lanes per model).</summary>
    public int StimulusCount => Stimuli.Length;

    /// <summary>Recorded probes (with targets) among the path's probes.</summary>
    public int RecordedProbeCount => Recording.CountIn(Path.Probes.Select(p => p.Name));

    /// <summary>Checks the problem and throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public void Validate()
    {
        if (Parameters.IsDefaultOrEmpty) throw new ArgumentException("A fitting problem needs at least one learnable parameter.", nameof(Parameters));
        if (Stimuli.IsDefaultOrEmpty) throw new ArgumentException("A fitting problem needs at least one stimulus.", nameof(Stimuli));
        var names = ParameterNames;
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length) throw new ArgumentException("Learnable parameter names must be distinct.", nameof(Parameters));
        var known = Cell.Description.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = names.Concat(Fixed.Keys).Where(n => !known.Contains(n)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Not parameters of the cell: {string.Join(", ", unknown)}. Known: {string.Join(", ", known)}.", nameof(Parameters));
        if (RecordedProbeCount == 0) throw new ArgumentException($"The recording sites {Recording} select none of the probes.", nameof(Recording));
        _ = Path.Samples;
    }

    /// <summary>One lane: the given learnable values (optimizer units) and stimulus <paramref name="stimulus"/>, with the clamps
    /// that <paramref name="sites"/> selects.</summary>
    public Lane Lane(ReadOnlySpan<double> x, int stimulus, SiteSelection sites)
    {
        if (x.Length != Parameters.Length) throw new ArgumentException($"Need {Parameters.Length} values, got {x.Length}.", nameof(x));
        var values = Fixed.ToBuilder();
        for (var i = 0; i < x.Length; i++) values[Parameters[i].Name] = x[i] * Parameters[i].Scale;
        return new Lane(values.ToImmutable(), [.. Stimuli[stimulus].Where(c => sites.Contains(c.Name))]);
    }
}
