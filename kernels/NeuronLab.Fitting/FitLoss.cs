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

    private sealed record MeanOverAllEntriesLoss : FitLoss
    {
        public override ITraceLoss Create(double[]?[][] targets, int probes, int samples) => SquaredErrorLoss.JonesKording(targets, probes, samples);
    }

    private sealed record HalfMeanOverTimeLoss : FitLoss
    {
        public override ITraceLoss Create(double[]?[][] targets, int probes, int samples) => SquaredErrorLoss.HalfMeanOverTime(targets, samples);
    }
}
