using NeuronLab.Numerics;

namespace NeuronLab.Experiments.GradientDiffusion.Homeostasis;

/// <summary>
/// The single-compartment <c>eighh</c> cell of the homeostasis experiment (gradient-diffusion.md §5): Hodgkin–Huxley in
/// the 1952 convention with V read as the absolute potential, absolute reversals, and the frequency estimator f.
/// Units: V [mV], t [ms], conductances [mS/cm²], currents [µA/cm²], C = 1 µF/cm², f [Hz].
/// </summary>
/// <remarks>
/// Flag (b) of §5: the original ran its forward model with an effective C = 0.1 µF/cm² (NMODL's ×10 with Arbor's
/// cm = 1 F/m²) but its gradient with C = 1. We use <see cref="Capacitance"/> = 1 in both, the consistent choice, which
/// is also the value the paper's bound α &lt; λ(λ + g_L/C_m) ≈ 3·10⁻⁵ assumes.
/// </remarks>
public static class EighhCell
{
    /// <summary>Reversal potentials [mV] and leak conductance [mS/cm²] (§5).</summary>
    public const double ENa = 50, EK = -77, EL = -53, GLeak = 0.3;

    /// <summary>Membrane capacitance [µF/cm²], the same in the forward and the gradient equations (flag (b)).</summary>
    public const double Capacitance = 1.0;

    /// <summary>Initial voltage [mV] (§5: V0 = −53 mV).</summary>
    public const double InitialVoltage = -53;

    /// <summary>One loop of (m, h) around (½, ½) is 2π rad; rad/ms → Hz.</summary>
    public const double RadiansPerMsToHz = 1000 / (2 * Math.PI);

    /// <summary>Opening (α) and closing (β) rates [1/ms] of a gate and their derivatives in V [1/(ms·mV)].</summary>
    public readonly record struct GateRates(double Alpha, double Beta, double DAlpha, double DBeta)
    {
        /// <summary>Steady state α/(α + β).</summary>
        public double Infinity => Alpha / (Alpha + Beta);
    }

    /// <summary>α_m = 0.1(25−V)/(e^{(25−V)/10}−1) = exprelr((25−V)/10); β_m = 4e^{−V/18}.</summary>
    public static GateRates M(double v)
    {
        var x = (25 - v) / 10;
        var (r, dr) = ExprelrWithDerivative(x);
        var beta = 4 * Math.Exp(-v / 18);
        return new GateRates(r, beta, -0.1 * dr, -beta / 18);
    }

    /// <summary>α_h = 0.07e^{−V/20}; β_h = 1/(e^{(30−V)/10}+1).</summary>
    public static GateRates H(double v)
    {
        var alpha = 0.07 * Math.Exp(-v / 20);
        var e = Math.Exp((30 - v) / 10);
        var beta = 1 / (e + 1);
        return new GateRates(alpha, beta, -alpha / 20, 0.1 * e * beta * beta);
    }

    /// <summary>α_n = 0.01(10−V)/(e^{(10−V)/10}−1) = 0.1·exprelr((10−V)/10); β_n = 0.125e^{−V/80}.</summary>
    public static GateRates N(double v)
    {
        var x = (10 - v) / 10;
        var (r, dr) = ExprelrWithDerivative(x);
        var beta = 0.125 * Math.Exp(-v / 80);
        return new GateRates(0.1 * r, beta, -0.01 * dr, -beta / 80);
    }

    /// <summary>
    /// The angular velocity of (m, h) about (½, ½) [rad/ms]: ω = ((h−½)ṁ − (m−½)ḣ)/((h−½)² + (m−½)²), with its partial
    /// derivatives through ṁ(V, m), ḣ(V, h). f' = (ω·<see cref="RadiansPerMsToHz"/> − f)/τ_f.
    /// </summary>
    public static double AngularVelocity(double m, double h, double mDot, double hDot) =>
        ((h - 0.5) * mDot - (m - 0.5) * hDot) / ((h - 0.5) * (h - 0.5) + (m - 0.5) * (m - 0.5));

    /// <summary>exprelr(x) = x/(eˣ−1) and its derivative; the repository's series-based <see cref="Exprelr"/> near the
    /// removable singularity, the closed form elsewhere (it is on the hot path).</summary>
    public static (double Value, double Derivative) ExprelrWithDerivative(double x)
    {
        if (Math.Abs(x) < Exprelr.SeriesRadius) return (Exprelr.Value(x), Exprelr.Derivative(x, 1));
        var e = Math.Exp(x);
        var u = 1 / (e - 1);
        return (x * u, u - x * e * u * u);
    }
}
