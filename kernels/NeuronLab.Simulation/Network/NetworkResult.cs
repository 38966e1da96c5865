using System.Collections.Immutable;

namespace NeuronLab.Simulation;

/// <summary>A network run: the probes' recording and every detector's spike times per lane.</summary>
/// <param name="SpikeTimes">[detector][lane][spike] in ms, ascending.</param>
public sealed record NetworkResult(SimulationResult Recording, ImmutableArray<string> Detectors, double[][][] SpikeTimes)
{
    /// <summary>Spike times [ms] of <paramref name="detector"/> on <paramref name="lane"/>.</summary>
    public double[] Spikes(string detector, int lane)
    {
        var k = Detectors.IndexOf(detector);
        if (k < 0) throw new KeyNotFoundException($"No spike detector '{detector}'. Detectors: {string.Join(", ", Detectors)}.");
        return SpikeTimes[k][lane];
    }
}
