using System.Collections.Immutable;

namespace NeuronLab.Optimization.CmaEs;

/// <summary>
/// Box constraints for CMA-ES by repair and penalty (Hansen's tutorial, Appendix B.4 / pycma's BoundPenalty idea):
/// each sample x is evaluated at its projection x_f = clip(x, Lower, Upper), and the loss used for ranking is
/// f(x_f) + PenaltyWeight·Σ((x_i − x_f,i)/(Upper_i − Lower_i))². The distribution itself never sees the
/// clipping. For smooth constraints prefer bijectors (<see cref="Bijectors.VectorBijector"/>).
/// </summary>
/// <param name="Lower">Lower bounds (−∞ allowed).</param>
/// <param name="Upper">Upper bounds (+∞ allowed).</param>
/// <param name="PenaltyWeight">Weight of the squared, range-normalised violation (for infinite ranges the
/// violation is not normalised).</param>
public sealed record BoxBounds(ImmutableArray<double> Lower, ImmutableArray<double> Upper, double PenaltyWeight = 1.0)
{
    /// <summary>Clips <paramref name="x"/> into the box and returns the penalty Σ((x−clip)/range)² (unweighted).</summary>
    internal double Repair(ReadOnlySpan<double> x, Span<double> destination)
    {
        if (Lower.Length != x.Length || Upper.Length != x.Length)
            throw new ArgumentException($"Bounds have {Lower.Length}/{Upper.Length} entries, the point has {x.Length}.", nameof(x));
        var penalty = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var v = Math.Clamp(x[i], Lower[i], Upper[i]);
            destination[i] = v;
            var range = Upper[i] - Lower[i];
            var d = double.IsFinite(range) ? (x[i] - v) / range : x[i] - v;
            penalty += d * d;
        }
        return penalty;
    }
}
