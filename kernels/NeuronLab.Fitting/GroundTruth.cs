using System.Collections.Immutable;
using NeuronLab.Optimization.Random;

namespace NeuronLab.Fitting;

/// <summary>Ground-truth parameter vectors (optimizer units) for synthetic fitting problems.</summary>
public static class GroundTruth
{
    /// <summary>Jones &amp; Kording's range: each parameter is U(0.7, 1.3) × its default (jones-kording.md §2.2).</summary>
    public const double DefaultLowFactor = 0.7, DefaultHighFactor = 1.3;

    /// <summary>
    /// Draws x_i = d_i · U(<paramref name="low"/>, <paramref name="high"/>) independently with xoshiro256** seeded by
    /// <paramref name="seed"/>. (Not torch's generator: the paper's own draw is given as values, see
    /// <c>JonesKordingCell.GroundTruthSodium</c>.)
    /// </summary>
    public static ImmutableArray<double> Draw(IReadOnlyList<double> defaults, ulong seed, double low = DefaultLowFactor, double high = DefaultHighFactor)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        if (!(low <= high)) throw new ArgumentException($"Need low ≤ high, got {low} and {high}.");
        var rng = new Xoshiro256StarStar(seed);
        return [.. defaults.Select(d => d * rng.NextUniform(low, high))];
    }

    /// <summary>mean_i |x_i − truth_i| over the indices <paramref name="indices"/> (e.g. the six gNa): the paper's ground-truth error.</summary>
    public static double MeanAbsoluteError(IReadOnlyList<double> x, IReadOnlyList<double> truth, IEnumerable<int> indices)
    {
        var list = indices.ToList();
        if (list.Count == 0) throw new ArgumentException("No indices.", nameof(indices));
        return list.Average(i => Math.Abs(x[i] - truth[i]));
    }
}
