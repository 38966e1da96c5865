using NeuronLab.Optimization.Random;

namespace NeuronLab.Experiments.JonesKording;

/// <summary>
/// Jones &amp; Kording's "variable step" stimulus (jones-kording.md §3.2), seeded: per sample and compartment, three integer
/// levels drawn uniformly from 0…<see cref="Levels"/>−1, two change bins drawn without replacement from 0…47 with
/// P(k) ∝ k and sorted (s1 &lt; s2), <c>arr[0:s1] = c0, arr[s1:s2] = c1, arr[s2:47] = c2</c>, then bins 0 and 47 zeroed.
/// </summary>
/// <remarks>The authors drew with torch's and Python's generators; we draw with xoshiro256**, so a seed gives stimuli with
/// the same distribution, not the authors' 100 (those are read from the data, <see cref="JkSetup.ReadStimuli"/>).</remarks>
/// <param name="Levels">Number of current levels (20 in the 6-compartment runs, 10 in the 184-compartment ones) [µA/cm²].</param>
/// <param name="Bins">Current bins of 0.1 ms.</param>
public sealed record JkStimulusGenerator(int Levels = 20, int Bins = 48)
{
    /// <summary>Changes per trace: int(48 · hazard rate 0.05).</summary>
    public const int Changes = 2;

    /// <summary><paramref name="samples"/> stimuli of <paramref name="compartments"/> currents each, [sample][compartment][bin];
    /// compartments outside <paramref name="stimulated"/> (null = all) are zero, as in the authors' limited stimulation.</summary>
    public double[][][] Generate(int samples, int compartments, ulong seed, IReadOnlySet<int>? stimulated = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(compartments, 1);
        var random = new Xoshiro256StarStar(seed);
        var result = new double[samples][][];
        for (var s = 0; s < samples; s++)
        {
            result[s] = new double[compartments][];
            for (var c = 0; c < compartments; c++)
            {
                // Drawn for every compartment, so that limiting the stimulation does not change the others' currents.
                var trace = Trace(random);
                result[s][c] = stimulated is null || stimulated.Contains(c) ? trace : new double[Bins];
            }
        }
        return result;
    }

    private double[] Trace(Xoshiro256StarStar random)
    {
        var (c0, c1, c2) = (random.NextInt(Levels), random.NextInt(Levels), random.NextInt(Levels));
        var first = WeightedBin(random, exclude: -1);
        var second = WeightedBin(random, exclude: first);
        var (s1, s2) = first < second ? (first, second) : (second, first);
        var trace = new double[Bins];
        for (var k = 0; k < Bins - 1; k++) trace[k] = k < s1 ? c0 : k < s2 ? c1 : c2;
        trace[0] = 0; // the mask zeroes the first and last bins
        return trace;
    }

    /// <summary>A bin k in 0…Bins−1 with probability ∝ k, never <paramref name="exclude"/> (torch.multinomial without replacement).</summary>
    private int WeightedBin(Xoshiro256StarStar random, int exclude)
    {
        var total = (double)Bins * (Bins - 1) / 2 - Math.Max(exclude, 0);
        var u = random.NextUniform() * total;
        for (var k = 1; k < Bins; k++)
        {
            if (k == exclude) continue;
            u -= k;
            if (u < 0) return k;
        }
        return exclude == Bins - 1 ? Bins - 2 : Bins - 1; // rounding at the very top of the range
    }
}
