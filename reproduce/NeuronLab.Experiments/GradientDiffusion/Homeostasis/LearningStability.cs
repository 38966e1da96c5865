using MathNet.Numerics.LinearAlgebra;

namespace NeuronLab.Experiments.GradientDiffusion.Homeostasis;

/// <summary>
/// Stability of online learning (gradient-diffusion.md §1.7, eq 14–21): a passive cable learns its leak reversal θ = E_L
/// so that V reaches V_tgt. Linearised about the fixed point with G = ∂V/∂θ at its steady value G∞, a perturbation
/// ∝ e^{iωx} of (V, E, θ) obeys d/dt(V, E, θ) = M·(V, E, θ) with
/// <code>
///   M = [[−a, 0, b], [G∞, −λ, 0], [0, −α, 0]],   a = g_l/c_m + k(ω),  b = g_l/c_m,  k = ω²·radius/(2·r_L·c_m)
/// </code>
/// whose characteristic polynomial is s³ + (a+λ)s² + aλ·s + G∞·bα. Routh–Hurwitz: stable iff α &lt; λa(a+λ)/(G∞·b).
/// The paper (and its code) take G∞ = 1, which gives eq 21; at ω = 0 the bound is α &lt; λ(λ + g_l/c_m).
/// </summary>
public static class LearningStability
{
    /// <summary>Routh–Hurwitz bound on α [1/ms²] (eq 21 when <paramref name="steadySensitivity"/> = 1).</summary>
    /// <param name="forgetting">λ [1/ms].</param>
    /// <param name="leakRate">g_l/c_m [1/ms].</param>
    /// <param name="diffusionRate">k(ω) ≥ 0 [1/ms]; 0 for a point neuron.</param>
    /// <param name="steadySensitivity">G∞ = ∂V/∂θ at the fixed point.</param>
    public static double Bound(double forgetting, double leakRate, double diffusionRate = 0, double steadySensitivity = 1)
    {
        var a = leakRate + diffusionRate;
        return forgetting * a * (a + forgetting) / (steadySensitivity * leakRate);
    }

    /// <summary>G∞ of a point neuron with forgetting: c_mG' = −g_l(G − 1) − λc_mG settles at b/(b + λ).</summary>
    public static double SteadySensitivity(double forgetting, double leakRate) => leakRate / (leakRate + forgetting);

    /// <summary>The linearised learning system M (see the type's summary).</summary>
    public static Matrix<double> Linearisation(double alpha, double forgetting, double leakRate, double diffusionRate = 0, double steadySensitivity = 1) =>
        Matrix<double>.Build.DenseOfArray(new double[,]
        {
            { -(leakRate + diffusionRate), 0, leakRate },
            { steadySensitivity, -forgetting, 0 },
            { 0, -alpha, 0 },
        });

    /// <summary>The largest real part of M's eigenvalues [1/ms]: the growth (&gt; 0) or decay (&lt; 0) rate of the slowest mode.</summary>
    public static double LargestRealPart(double alpha, double forgetting, double leakRate, double diffusionRate = 0, double steadySensitivity = 1) =>
        Linearisation(alpha, forgetting, leakRate, diffusionRate, steadySensitivity).Evd().EigenValues.Max(e => e.Real);

    /// <summary>
    /// The α where <see cref="LargestRealPart"/> crosses 0, found by bisection on the eigenvalues alone (no formula):
    /// bracket [0, upper] is doubled until unstable, then halved <paramref name="iterations"/> times.
    /// </summary>
    public static double CriticalAlpha(double forgetting, double leakRate, double diffusionRate = 0, double steadySensitivity = 1, int iterations = 100)
    {
        double Growth(double alpha) => LargestRealPart(alpha, forgetting, leakRate, diffusionRate, steadySensitivity);
        var low = 0.0;
        var high = 1e-12;
        while (Growth(high) <= 0)
        {
            low = high;
            high *= 2;
            if (high > 1e12) throw new InvalidOperationException("No unstable α found below 1e12.");
        }
        for (var i = 0; i < iterations && high - low > 1e-15 * high; i++)
        {
            var mid = 0.5 * (low + high);
            if (Growth(mid) > 0) high = mid; else low = mid;
        }
        return 0.5 * (low + high);
    }
}
