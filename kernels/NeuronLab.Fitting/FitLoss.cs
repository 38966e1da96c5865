using System.Collections.Immutable;
using NeuronLab.Simulation.Gradients;

namespace NeuronLab.Fitting;

/// <summary>The loss of a fitting problem over its targets: a closed set of squared-error normalisations.</summary>
public abstract record FitLoss
{
    private protected FitLoss() { }

    /// <summary>The trace loss for <paramref name="targets"/> [stimulus][probe][sample] (null = not recorded).</summary>
    /// <param name="targets">One entry per stimulus.</param>
    /// <param name="probes">Probes per lane, recorded or not.</param>
    /// <param name="samples">Samples per trace.</param>
    public abstract ITraceLoss Create(double[]?[][] targets, int probes, int samples);

    /// <summary>Jones &amp; Kording: the mean over every entry of the batch, stimuli × probes × samples, with unrecorded
    /// probes counted in the denominator (<see cref="SquaredErrorLoss.JonesKording"/>).</summary>
    public static FitLoss MeanOverAllEntries { get; } = new MeanOverAllEntriesLoss();

    /// <summary>Gradient Diffusion: per stimulus and probe, mean over time, halved, summed (<see cref="SquaredErrorLoss.HalfMeanOverTime"/>).</summary>
    public static FitLoss HalfMeanOverTime { get; } = new HalfMeanOverTimeLoss();

    /// <summary>Gradient Diffusion at a zero-area node: mean over time, halved, of the squared error of the combination
    /// Σ_p c_p · probe_p, one c_p per probe of the path (<see cref="CombinedSquaredErrorLoss"/>).</summary>
    /// <example><c>FitLoss.HalfMeanOverTimeOfCombination([0.25, 0.75])</c>: V₀ = 0.25·V₁ + 0.75·V₂.</example>
    public static FitLoss HalfMeanOverTimeOfCombination(ImmutableArray<double> coefficients) => new HalfMeanOverTimeOfCombinationLoss(coefficients);

    private sealed record MeanOverAllEntriesLoss : FitLoss
    {
        public override ITraceLoss Create(double[]?[][] targets, int probes, int samples) => SquaredErrorLoss.JonesKording(targets, probes, samples);
    }

    private sealed record HalfMeanOverTimeLoss : FitLoss
    {
        public override ITraceLoss Create(double[]?[][] targets, int probes, int samples) => SquaredErrorLoss.HalfMeanOverTime(targets, samples);
    }

    private sealed record HalfMeanOverTimeOfCombinationLoss(ImmutableArray<double> Coefficients) : FitLoss
    {
        public override ITraceLoss Create(double[]?[][] targets, int probes, int samples) =>
            probes == Coefficients.Length
                ? CombinedSquaredErrorLoss.HalfMeanOverTime(targets, Coefficients, samples)
                : throw new ArgumentException($"{Coefficients.Length} coefficients for {probes} probes.", nameof(probes));
    }
}
