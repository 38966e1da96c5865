namespace NeuronLab.Experiments.Neuron;

/// <summary>Differences between two traces sampled on the same grid, and their spike times.</summary>
public sealed record TraceComparison(double Rms, double Max, double[] SpikesA, double[] SpikesB, double MaxSpikeShift)
{
    /// <summary>Upward crossings of this voltage [mV] count as spikes.</summary>
    public const double SpikeThreshold = -20.0;

    /// <summary>True when both traces have the same number of spikes.</summary>
    public bool SameSpikeCount => SpikesA.Length == SpikesB.Length;

    public static TraceComparison Compare(double[] times, double[] a, double[] b)
    {
        if (a.Length != b.Length || a.Length != times.Length)
            throw new ArgumentException($"Traces differ in length: {a.Length} vs {b.Length} (times {times.Length}).");
        double sum = 0, max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(a[i] - b[i]);
            sum += d * d;
            max = Math.Max(max, d);
        }
        var spikesA = Spikes(times, a);
        var spikesB = Spikes(times, b);
        var shift = spikesA.Length == spikesB.Length && spikesA.Length > 0
            ? spikesA.Zip(spikesB).Max(p => Math.Abs(p.First - p.Second))
            : spikesA.Length == spikesB.Length ? 0.0 : double.PositiveInfinity;
        return new TraceComparison(Math.Sqrt(sum / a.Length), max, spikesA, spikesB, shift);
    }

    /// <summary>Times of upward threshold crossings, linearly interpolated between samples [ms].</summary>
    public static double[] Spikes(double[] times, double[] v)
    {
        var spikes = new List<double>();
        for (var i = 1; i < v.Length; i++)
        {
            if (v[i - 1] < SpikeThreshold && v[i] >= SpikeThreshold)
            {
                var f = (SpikeThreshold - v[i - 1]) / (v[i] - v[i - 1]);
                spikes.Add(times[i - 1] + f * (times[i] - times[i - 1]));
            }
        }
        return [.. spikes];
    }
}
