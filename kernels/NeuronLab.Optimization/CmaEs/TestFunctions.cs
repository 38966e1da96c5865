namespace NeuronLab.Optimization.CmaEs;

/// <summary>The standard test functions of the CMA-ES literature (pycma's <c>cma.ff</c> definitions).</summary>
public static class TestFunctions
{
    /// <summary>Sphere Σ x_i².</summary>
    public static double Sphere(ReadOnlySpan<double> x)
    {
        var s = 0.0;
        foreach (var v in x) s += v * v;
        return s;
    }

    /// <summary>Ellipsoid Σ 10^(6(i−1)/(n−1)) x_i² (condition 1e6; for n = 1 it is the sphere).</summary>
    public static double Ellipsoid(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        var s = 0.0;
        for (var i = 0; i < n; i++)
            s += Math.Pow(10.0, n > 1 ? 6.0 * i / (n - 1) : 0.0) * x[i] * x[i];
        return s;
    }

    /// <summary>Rosenbrock Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1).</summary>
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        var s = 0.0;
        for (var i = 0; i + 1 < x.Length; i++)
        {
            var a = x[i + 1] - x[i] * x[i];
            var b = 1.0 - x[i];
            s += 100.0 * a * a + b * b;
        }
        return s;
    }

    /// <summary>Rastrigin 10n + Σ (x_i² − 10 cos 2πx_i), minimum 0 at 0, about 10ⁿ local minima.</summary>
    public static double Rastrigin(ReadOnlySpan<double> x)
    {
        var s = 10.0 * x.Length;
        foreach (var v in x) s += v * v - 10.0 * Math.Cos(2.0 * Math.PI * v);
        return s;
    }
}
