namespace NeuronLab.Simulation.Gradients;

/// <summary>
/// A loss over recorded traces, summed over lanes: L = Σ_lanes ℓ(lane's traces). Implementations give each lane's
/// value and its gradient with respect to every recorded sample; the gradient machinery does the rest.
/// </summary>
public interface ITraceLoss
{
    /// <summary>
    /// ℓ for <paramref name="lane"/>, given its traces (<c>traces[probe][sample]</c>, in the order of the settings'
    /// probes), writing ∂ℓ/∂trace into <paramref name="gradient"/> (same shape, zeroed on entry).
    /// </summary>
    double Evaluate(int lane, IReadOnlyList<double[]> traces, IReadOnlyList<double[]> gradient);
}

/// <summary>
/// Weighted squared error against targets: ℓ = w · Σ_probes Σ_samples mask·(x − target)². The weight carries the
/// normalisation: Jones &amp; Kording divide by every entry of the batch, recorded or not (<see cref="JonesKording"/>);
/// Gradient Diffusion takes mean((V − V_tgt)²)/2 over time (<see cref="HalfMeanOverTime"/>).
/// </summary>
/// <param name="Targets">[lane][probe][sample]; a null probe array means "not recorded" (mask 0).</param>
/// <param name="Weight">w.</param>
public sealed record SquaredErrorLoss(double[]?[][] Targets, double Weight) : ITraceLoss
{
    /// <summary>Mean over every entry of the batch: w = 1 / (lanes · <paramref name="compartmentsPerLane"/> · samples),
    /// counting compartments that are not recorded (jones-kording.md §4).</summary>
    public static SquaredErrorLoss JonesKording(double[]?[][] targets, int compartmentsPerLane, int samples) =>
        new(targets, 1.0 / (targets.Length * compartmentsPerLane * samples));

    /// <summary>Per lane mean over time, halved: w = 1 / (2 · samples) (gradient-diffusion.md §1.8).</summary>
    public static SquaredErrorLoss HalfMeanOverTime(double[]?[][] targets, int samples) => new(targets, 1.0 / (2.0 * samples));

    public double Evaluate(int lane, IReadOnlyList<double[]> traces, IReadOnlyList<double[]> gradient)
    {
        var loss = 0.0;
        for (var p = 0; p < traces.Count; p++)
        {
            var target = Targets[lane][p];
            if (target is null) continue;
            var x = traces[p];
            if (target.Length != x.Length)
                throw new ArgumentException($"Lane {lane}, probe {p}: {target.Length} target samples for {x.Length} recorded.");
            for (var k = 0; k < x.Length; k++)
            {
                var e = x[k] - target[k];
                loss += e * e;
                gradient[p][k] = 2 * Weight * e;
            }
        }
        return Weight * loss;
    }
}

/// <summary>A loss written as a function: the user's code computes ℓ and ∂ℓ/∂trace for a lane.</summary>
public sealed class DelegateLoss(Func<int, IReadOnlyList<double[]>, IReadOnlyList<double[]>, double> evaluate) : ITraceLoss
{
    public double Evaluate(int lane, IReadOnlyList<double[]> traces, IReadOnlyList<double[]> gradient) => evaluate(lane, traces, gradient);
}
