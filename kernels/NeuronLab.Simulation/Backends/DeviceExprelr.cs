using System.Text;
using NeuronLab.Numerics;

namespace NeuronLab.Simulation.Backends;

/// <summary>
/// Device versions of <see cref="Exprelr"/> (<c>x/(eˣ−1)</c> and its derivatives) and of
/// <see cref="Kernels.KernelMath.Exprel"/>, emitted as C functions with the same series / closed-form split and the same
/// coefficients (printed round-trip), so that a double device agrees with the CPU to rounding.
/// </summary>
public static class DeviceExprelr
{
    // The same construction as NeuronLab.Numerics.Exprelr (kept private there): Bernoulli series and u-polynomials.
    private const int SeriesTerms = 40;
    private static readonly double[] s_series = BuildSeries();
    private static readonly double[][] s_polynomials = BuildPolynomials();

    /// <summary>Name of the device function for derivative <paramref name="order"/>.</summary>
    public static string FunctionName(int order) => $"nl_exprelr{order}";

    /// <summary>The Horner coefficient of xⁿ⁻ᵏ in the k-th derivative of the series: B_n/n! · n!/(n−k)!.</summary>
    public static double SeriesCoefficient(int n, int order)
    {
        var product = 1.0;
        for (var j = 0; j < order; j++) product *= n - j;
        return s_series[n] * product;
    }

    /// <summary>The coefficients of u^j in dᵏu/dxᵏ, u = 1/(eˣ−1).</summary>
    public static IReadOnlyList<double> Polynomial(int order) => s_polynomials[order];

    /// <summary>The C# evaluation of the emitted function (same operations, same order), for tests.</summary>
    public static double Evaluate(double x, int order)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (Math.Abs(x) < Exprelr.SeriesRadius)
        {
            var sum = 0.0;
            for (var n = SeriesTerms - 1; n >= order; n--) sum = sum * x + SeriesCoefficient(n, order);
            return sum;
        }
        var u = 1.0 / (Math.Exp(x) - 1.0);
        var uk = Horner(s_polynomials[order], u);
        return order == 0 ? x * uk : x * uk + order * Horner(s_polynomials[order - 1], u);
    }

    /// <summary>Emits <c>nl_exprel</c> (cnexp's <c>(eˣ−1)/x</c>) and <c>nl_exprelr{k}</c> for each order in <paramref name="orders"/>.</summary>
    internal static void Emit(StringBuilder sb, IEnumerable<int> orders, DeviceDialect dialect)
    {
        var f = dialect.Function;
        var L = dialect.Literal;
        sb.AppendLine($"{f} real nl_exprel(real x)");
        sb.AppendLine("{");
        sb.AppendLine($"    return fabs(x) < {L(1e-3)} ? {L(1.0)} + x * ({L(0.5)} + x * ({L(1.0 / 6.0)} + x * ({L(1.0 / 24.0)}))) : (exp(x) - {L(1.0)}) / x;");
        sb.AppendLine("}");
        foreach (var order in orders.Distinct().Order())
        {
            if (order < 0 || order > Exprelr.MaxOrder) throw new ArgumentOutOfRangeException(nameof(orders), order, $"exprelr derivatives go up to order {Exprelr.MaxOrder}.");
            sb.AppendLine($"{f} real {FunctionName(order)}(real x)");
            sb.AppendLine("{");
            sb.AppendLine("    if (isnan(x)) return x;");
            sb.AppendLine($"    if (fabs(x) < {L(Exprelr.SeriesRadius)})");
            sb.AppendLine("    {");
            sb.AppendLine($"        real s = {L(0.0)};");
            for (var n = SeriesTerms - 1; n >= order; n--) sb.AppendLine($"        s = s * x + {L(SeriesCoefficient(n, order))};");
            sb.AppendLine("        return s;");
            sb.AppendLine("    }");
            sb.AppendLine($"    real u = {L(1.0)} / (exp(x) - {L(1.0)});");
            sb.AppendLine($"    real uk = {HornerText(s_polynomials[order], L)};");
            if (order == 0) sb.AppendLine("    return x * uk;");
            else
            {
                sb.AppendLine($"    real uk1 = {HornerText(s_polynomials[order - 1], L)};");
                sb.AppendLine($"    return x * uk + {L(order)} * uk1;");
            }
            sb.AppendLine("}");
        }
    }

    // sum = 0; for j = top..0: sum = sum·u + c_j — written out with the same association.
    private static string HornerText(double[] c, Func<double, string> literal)
    {
        var text = literal(0.0);
        for (var j = c.Length - 1; j >= 0; j--) text = $"({text} * u + {literal(c[j])})";
        return text;
    }

    private static double Horner(double[] c, double u)
    {
        var sum = 0.0;
        for (var j = c.Length - 1; j >= 0; j--) sum = sum * u + c[j];
        return sum;
    }

    private static double[] BuildSeries()
    {
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
        var polynomials = new double[Exprelr.MaxOrder + 1][];
        polynomials[0] = [0.0, 1.0];
        for (var k = 0; k < Exprelr.MaxOrder; k++)
        {
            var p = polynomials[k];
            var next = new double[p.Length + 1];
            for (var j = 1; j < p.Length; j++)
            {
                var d = j * p[j];
                next[j] -= d;
                next[j + 1] -= d;
            }
            polynomials[k + 1] = next;
        }
        return polynomials;
    }
}
