using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Tests.Gradients;

/// <summary>Central finite differences of a loss with respect to named parameters, for checking exact gradients.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// dL/dθ by the fourth-order central difference (−L(θ+2h) + 8L(θ+h) − 8L(θ−h) + L(θ−2h))/12h with
    /// h = <paramref name="relativeStep"/>·max(|θ|, 1e-3). Truncation is O(h⁴) and rounding about ε·|L|/h, so a
    /// relative step near 1e-3 keeps both far below 1e-6 even for parameters with a weak effect on a large loss
    /// (the plain two-point formula at 1e-6 loses four digits to rounding there).
    /// </summary>
    public static double[] CentralDifferences(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, ITraceLoss loss,
        IReadOnlyList<string> parameters, double relativeStep = 1e-3) =>
        CentralDifferencesWithNoise(cell, settings, lanes, loss, parameters, relativeStep).Values;

    /// <summary>
    /// As <see cref="CentralDifferences"/>, also returning each estimate's rounding-noise bound
    /// 100·ε·max|L|/h: the loss is a sum of thousands of terms, each rounded, so a few hundred ulps of |L| over the
    /// stencil's 12h/18 is the smallest difference the formula can resolve.
    /// </summary>
    public static (double[] Values, double[] Noise) CentralDifferencesWithNoise(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, ITraceLoss loss,
        IReadOnlyList<string> parameters, double relativeStep = 1e-3)
    {
        var result = new double[parameters.Count];
        var noise = new double[parameters.Count];
        for (var q = 0; q < parameters.Count; q++)
        {
            var name = parameters[q];
            var definition = cell.Description.Parameter(name);
            double Loss(double delta)
            {
                var shifted = lanes.Select(l => l.WithParameter(name, (l.Parameters.TryGetValue(name, out var v) ? v : definition.Default) + delta)).ToList();
                var recording = Simulator.Run(cell, settings, shifted);
                var total = 0.0;
                for (var l = 0; l < shifted.Count; l++)
                {
                    var traces = recording.Traces.Select(t => t.Values[l]).ToArray();
                    total += loss.Evaluate(l, traces, traces.Select(t => new double[t.Length]).ToArray());
                }
                return total;
            }
            var value = lanes[0].Parameters.TryGetValue(name, out var v0) ? v0 : definition.Default;
            var h = relativeStep * Math.Max(Math.Abs(value), 1e-3);
            double[] values = [Loss(2 * h), Loss(h), Loss(-h), Loss(-2 * h)];
            result[q] = (-values[0] + 8 * values[1] - 8 * values[2] + values[3]) / (12 * h);
            noise[q] = 100 * Math.Pow(2, -52) * values.Max(Math.Abs) / h;
        }
        return (result, noise);
    }

    /// <summary>|fd − exact| ≤ relative·|exact| + the finite difference's own rounding noise.</summary>
    public static void AssertMatchesFiniteDifference(double fd, double noise, double exact, double relative, string what) =>
        Assert.True(Math.Abs(fd - exact) <= relative * Math.Abs(exact) + noise,
            $"{what}: exact {exact:R} vs finite difference {fd:R} (difference {Math.Abs(fd - exact):G3}, allowed {relative * Math.Abs(exact) + noise:G3})");

    public static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(Math.Abs(expected), Math.Abs(actual)) + 1e-12,
            $"{what}: {actual:R} vs {expected:R} (relative difference {Math.Abs(expected - actual) / Math.Max(Math.Abs(expected), 1e-300):G3})");
}
