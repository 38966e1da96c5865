namespace NeuronLab.Experiments.GradientDiffusion.Homeostasis;

/// <summary>The record of one homeostasis run: samples of f and θ, every spike time, and the final-window rates.</summary>
/// <param name="Times">Sample times [ms].</param>
/// <param name="Frequency">The estimator f at each sample [Hz].</param>
/// <param name="Parameters">[parameter][sample]: g_Na, g_K [mS/cm²], gain.</param>
/// <param name="SpikeTimes">Upward crossings of −10 mV [ms].</param>
public sealed record HomeostasisRun(HomeostasisSettings Settings, double[] Times, double[] Frequency, double[][] Parameters, double[] SpikeTimes)
{
    /// <summary>Simulates <paramref name="settings"/>, sampling every <see cref="HomeostasisSettings.RecordEvery"/> steps.</summary>
    public static HomeostasisRun Simulate(HomeostasisSettings settings, CancellationToken cancellation = default)
    {
        var learner = new HomeostasisLearner(settings);
        var samples = (int)(settings.StepCount / settings.RecordEvery) + 1;
        var times = new double[samples];
        var frequency = new double[samples];
        var parameters = HomeostasisSettings.ParameterNames.Select(_ => new double[samples]).ToArray();
        var spikes = new List<double>();
        Sample(0);
        for (var k = 1; k < samples; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            learner.Advance(settings.RecordEvery, spikes.Add);
            Sample(k);
        }
        return new HomeostasisRun(settings, times, frequency, parameters, [.. spikes]);

        void Sample(int k)
        {
            times[k] = learner.Time;
            frequency[k] = learner.State[4];
            for (var j = 0; j < parameters.Length; j++) parameters[j][k] = learner.Theta[j];
        }
    }

    /// <summary>Mean of the sampled estimator f over [<paramref name="from"/>, <paramref name="to"/>] [Hz].</summary>
    public double MeanFrequency(double from, double to = double.PositiveInfinity)
    {
        var values = Enumerable.Range(0, Times.Length).Where(i => Times[i] >= from && Times[i] <= to).Select(i => Frequency[i]).ToArray();
        return values.Average();
    }

    /// <summary>Spikes per second over [<paramref name="from"/>, end] [Hz].</summary>
    public double SpikeRate(double from) => SpikeTimes.Count(t => t >= from) / ((Times[^1] - from) / 1000);
}
