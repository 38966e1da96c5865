using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Tests.Gradients;

/// <summary>Central finite differences of a loss with respect to named parameters, for checking exact gradients.</summary>
internal static class GradientCheck
{
    /// <summary>dL/dθ by (L(θ+h) − L(θ−h))/2h with h = <paramref name="relativeStep"/>·max(|θ|, 1e-3) per parameter.</summary>
    public static double[] CentralDifferences(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, ITraceLoss loss,
        IReadOnlyList<string> parameters, double relativeStep = 1e-6)
    {
        var result = new double[parameters.Count];
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
            result[q] = (Loss(h) - Loss(-h)) / (2 * h);
        }
        return result;
    }

    public static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(Math.Abs(expected), Math.Abs(actual)) + 1e-12,
            $"{what}: {actual:R} vs {expected:R} (relative difference {Math.Abs(expected - actual) / Math.Max(Math.Abs(expected), 1e-300):G3})");
}
