namespace NeuronLab.Simulation.Kernels;

/// <summary>Small math helpers called by generated kernels.</summary>
public static class KernelMath
{
    /// <summary>Below this |x|, <see cref="Exprel"/> sums its series (error &lt; x⁴/120 ≈ 1e-14 relative).</summary>
    private const double ExprelSeriesBound = 1e-3;

    /// <summary>
    /// <c>(eˣ − 1)/x</c>, 1 at x = 0. The exponential-integrator step <c>s + f·dt·exprel(b·dt)</c> is NEURON's cnexp
    /// for <c>ds/dt = f = a + b·s</c>, and reduces to forward Euler as b → 0.
    /// </summary>
    public static double Exprel(double x) =>
        Math.Abs(x) < ExprelSeriesBound ? 1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0))) : (Math.Exp(x) - 1.0) / x;

    /// <summary>Solves the dense n×n system <c>J x = r</c> in place (Gaussian elimination with partial pivoting).</summary>
    /// <param name="j">Row-major matrix, destroyed.</param>
    /// <param name="r">Right-hand side on entry, solution on exit.</param>
    public static void SolveDense(Span<double> j, Span<double> r, int n)
    {
        for (var k = 0; k < n; k++)
        {
            var pivot = k;
            for (var i = k + 1; i < n; i++) if (Math.Abs(j[i * n + k]) > Math.Abs(j[pivot * n + k])) pivot = i;
            if (pivot != k)
            {
                for (var c = 0; c < n; c++) (j[k * n + c], j[pivot * n + c]) = (j[pivot * n + c], j[k * n + c]);
                (r[k], r[pivot]) = (r[pivot], r[k]);
            }
            for (var i = k + 1; i < n; i++)
            {
                var f = j[i * n + k] / j[k * n + k];
                for (var c = k; c < n; c++) j[i * n + c] -= f * j[k * n + c];
                r[i] -= f * r[k];
            }
        }
        for (var k = n - 1; k >= 0; k--)
        {
            var sum = r[k];
            for (var c = k + 1; c < n; c++) sum -= j[k * n + c] * r[c];
            r[k] = sum / j[k * n + k];
        }
    }
}
