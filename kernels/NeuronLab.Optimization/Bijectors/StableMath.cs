namespace NeuronLab.Optimization.Bijectors;

/// <summary>
/// Accurate log1p / expm1 (the BCL's <c>double.LogP1</c>/<c>double.ExpM1</c> are computed as log(1+x) and exp(x)−1,
/// which lose all digits near 0) and the softplus/sigmoid pair used by the bijectors.
/// </summary>
internal static class StableMath
{
    /// <summary>log(1 + x) to full precision (Goldberg's trick: the rounding error of 1+x is corrected).</summary>
    public static double Log1P(double x)
    {
        var u = 1.0 + x;
        if (u == 1.0) return x;
        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>exp(x) − 1 to full precision (Kahan's trick).</summary>
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1.0;
        var u = Math.Exp(x);
        if (u == 1.0) return x;
        var um1 = u - 1.0;
        return um1 * x / Math.Log(u);
    }

    /// <summary>softplus(u) = log(1 + eᵘ), without overflow.</summary>
    public static double Softplus(double u) => u > 0 ? u + Log1P(Math.Exp(-u)) : Log1P(Math.Exp(u));

    /// <summary>softplus⁻¹(y) = log(eʸ − 1) for y &gt; 0, without overflow.</summary>
    public static double SoftplusInverse(double y) => y > 30 ? y + Log1P(-Math.Exp(-y)) : Math.Log(ExpM1(y));

    /// <summary>The logistic sigmoid 1/(1 + e⁻ᵘ), without overflow.</summary>
    public static double Sigmoid(double u)
    {
        if (u >= 0) return 1.0 / (1.0 + Math.Exp(-u));
        var e = Math.Exp(u);
        return e / (1.0 + e);
    }

    /// <summary>logit(p) = log(p/(1−p)).</summary>
    public static double Logit(double p) => Math.Log(p) - Log1P(-p);
}
