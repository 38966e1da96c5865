using System.Collections.Immutable;

namespace NeuronLab.Simulation.Gradients;

/// <summary>
/// Squared error of a fixed linear combination of the recorded probes against the same combination of their targets:
/// ℓ = w · Σ_samples (Σ_p c_p (x_p − target_p))². Gradient Diffusion reads V at a zero-area root node, whose voltage is
/// the conductance-weighted mean of its neighbours (c_p = G_p / Σ G); the loss is on that one trace, not on each neighbour.
/// </summary>
/// <param name="Targets">[lane][probe][sample]; every probe with a nonzero coefficient needs a target.</param>
/// <param name="Coefficients">c_p, one per probe of the settings (0 = not part of the combination).</param>
/// <param name="Weight">w, e.g. 1 / (2 · samples) for Gradient Diffusion's mean((V − V_tgt)²)/2.</param>
public sealed record CombinedSquaredErrorLoss(double[]?[][] Targets, ImmutableArray<double> Coefficients, double Weight) : ITraceLoss
{
    /// <summary>Gradient Diffusion's loss on the combined trace: w = 1 / (2 · samples).</summary>
    public static CombinedSquaredErrorLoss HalfMeanOverTime(double[]?[][] targets, ImmutableArray<double> coefficients, int samples) =>
        new(targets, coefficients, 1.0 / (2.0 * samples));

    public double Evaluate(int lane, IReadOnlyList<double[]> traces, IReadOnlyList<double[]> gradient)
    {
        if (traces.Count != Coefficients.Length)
            throw new ArgumentException($"{traces.Count} traces for {Coefficients.Length} coefficients.", nameof(traces));
        var samples = traces[0].Length;
        var error = new double[samples]; // Σ_p c_p (x_p − target_p) per sample
        for (var p = 0; p < traces.Count; p++)
        {
            var c = Coefficients[p];
            if (c == 0) continue;
            var target = Targets[lane][p] ?? throw new ArgumentException($"Lane {lane}, probe {p}: coefficient {c} but no target.");
            var x = traces[p];
            if (target.Length != samples || x.Length != samples)
                throw new ArgumentException($"Lane {lane}, probe {p}: {target.Length} target and {x.Length} recorded samples, expected {samples}.");
            for (var k = 0; k < samples; k++) error[k] += c * (x[k] - target[k]);
        }
        var loss = 0.0;
        for (var k = 0; k < samples; k++) loss += error[k] * error[k];
        for (var p = 0; p < traces.Count; p++)
        {
            var c = Coefficients[p];
            if (c == 0) continue;
            for (var k = 0; k < samples; k++) gradient[p][k] = 2 * Weight * c * error[k];
        }
        return Weight * loss;
    }
}
