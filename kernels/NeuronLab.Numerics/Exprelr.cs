namespace NeuronLab.Numerics;

/// <summary>
/// The function <c>exprelr(x) = x / (e^x − 1)</c> (with <c>exprelr(0) = 1</c>) and its derivatives of any order,
/// accurate through the removable singularity at 0. Rate functions of the form <c>a(V−V½)/(1 − e^{−(V−V½)/k})</c>
/// (NEURON's <c>vtrap</c>, Arbor's <c>exprelr</c>) are written with it so that no code path divides 0 by 0.
/// </summary>
/// <remarks>
/// Near zero (|x| &lt; <see cref="SeriesRadius"/>) the Taylor series <c>Σ B_n xⁿ/n!</c> (Bernoulli numbers, radius 2π)
/// is summed. Elsewhere <c>f = x·u</c> with <c>u = 1/(eˣ−1)</c>; because <c>u' = −u − u²</c>, every derivative of
/// <c>u</c> is a polynomial in <c>u</c>, and <c>f⁽ᵏ⁾ = x·u⁽ᵏ⁾ + k·u⁽ᵏ⁻¹⁾</c>.
/// </remarks>
public static class Exprelr
{
    /// <summary>Highest derivative order supported.</summary>
    public const int MaxOrder = 8;

    /// <summary>|x| below which the Taylor series is summed (well inside its radius 2π).</summary>
    public const double SeriesRadius = 1.0;

    private const int SeriesTerms = 40;

    // s_series[n] = B_n / n!, the Taylor coefficients of x/(e^x − 1).
    private static readonly double[] s_series = BuildSeries();

    // s_uPolynomials[k][j] = coefficient of u^j in d^k u / dx^k.
    private static readonly double[][] s_uPolynomials = BuildPolynomials();

    /// <summary>The n-th Taylor coefficient of <c>x / (e^x − 1)</c> at 0: <c>B_n / n!</c> (Bernoulli numbers; 0 for odd n ≥ 3).</summary>
    public static double TaylorCoefficient(int n) => s_series[n];

    /// <summary><c>x / (e^x − 1)</c>; 1 at x = 0.</summary>
    public static double Value(double x) => Derivative(x, 0);

    /// <summary>The <paramref name="order"/>-th derivative of <c>x / (e^x − 1)</c> at <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">order is negative or above <see cref="MaxOrder"/>.</exception>
    public static double Derivative(double x, int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, MaxOrder);
        if (double.IsNaN(x)) return double.NaN;
        if (Math.Abs(x) < SeriesRadius) return SumSeries(x, order);

        var u = 1.0 / (Math.Exp(x) - 1.0); // |x| >= SeriesRadius: no cancellation
        var uk = EvaluatePolynomial(s_uPolynomials[order], u);
        if (order == 0) return x * uk;
        var ukMinus1 = EvaluatePolynomial(s_uPolynomials[order - 1], u);
        return x * uk + order * ukMinus1;
    }

    private static double SumSeries(double x, int order)
    {
        // d^k/dx^k Σ_n c_n x^n = Σ_{n>=k} c_n n!/(n-k)! x^(n-k); Horner from the top term down.
        var sum = 0.0;
        for (var n = SeriesTerms - 1; n >= order; n--)
            sum = sum * x + s_series[n] * FallingFactorial(n, order);
        return sum;
    }

    private static double FallingFactorial(int n, int k)
    {
        var product = 1.0;
        for (var j = 0; j < k; j++) product *= n - j;
        return product;
    }

    private static double EvaluatePolynomial(double[] coefficients, double u)
    {
        var sum = 0.0;
        for (var j = coefficients.Length - 1; j >= 0; j--) sum = sum * u + coefficients[j];
        return sum;
    }

    private static double[] BuildSeries()
    {
        // (e^x − 1)/x = Σ x^m/(m+1)!; invert the power series: b_0 = 1, b_n = −Σ_{j<n} b_j c_{n−j}.
        var c = new double[SeriesTerms];
        var factorial = 1.0;
        for (var m = 0; m < SeriesTerms; m++) { factorial *= m + 1; c[m] = 1.0 / factorial; }
        var b = new double[SeriesTerms];
        b[0] = 1.0;
        for (var n = 1; n < SeriesTerms; n++)
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++) sum += b[j] * c[n - j];
            b[n] = -sum;
        }
        return b;
    }

    private static double[][] BuildPolynomials()
    {
        // P_0(u) = u; P_{k+1}(u) = P_k'(u) · (−u − u²).
        var polynomials = new double[MaxOrder + 1][];
        polynomials[0] = [0.0, 1.0];
        for (var k = 0; k < MaxOrder; k++)
        {
            var p = polynomials[k];
            var next = new double[p.Length + 1];
            for (var j = 1; j < p.Length; j++)
            {
                var derivativeCoefficient = j * p[j]; // coefficient of u^(j-1) in P_k'
                next[j] -= derivativeCoefficient;     // × (−u)
                next[j + 1] -= derivativeCoefficient; // × (−u²)
            }
            polynomials[k + 1] = next;
        }
        return polynomials;
    }
}
