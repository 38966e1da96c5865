using Xunit.Abstractions;

namespace NeuronLab.Simulation.Tests.Backends;

/// <summary>How a device run is compared with the CPU reference.</summary>
internal static class BackendComparison
{
    /// <summary>
    /// The largest, over probes and lanes, of <c>max_t |device − cpu| / max_t |cpu|</c>: each trace's worst absolute
    /// difference relative to that trace's largest magnitude (|V| for voltage traces).
    /// </summary>
    public static double MaxRelativeDifference(SimulationResult cpu, SimulationResult device)
    {
        Assert.Equal(cpu.Traces.Length, device.Traces.Length);
        Assert.Equal(cpu.Lanes, device.Lanes);
        var worst = 0.0;
        for (var p = 0; p < cpu.Traces.Length; p++)
        {
            var a = cpu.Traces[p];
            var b = device.Traces[p];
            Assert.Equal(a.Probe, b.Probe);
            Assert.Equal(a.Times, b.Times);
            Assert.Equal(a.Unit, b.Unit);
            for (var l = 0; l < cpu.Lanes; l++)
            {
                Assert.Equal(a.Values[l].Length, b.Values[l].Length);
                var scale = a.Values[l].Max(Math.Abs);
                var difference = a.Values[l].Zip(b.Values[l], (x, y) => Math.Abs(x - y)).Max();
                Assert.False(double.IsNaN(difference), $"probe {a.Probe.Name}, lane {l}: NaN in the device trace");
                worst = Math.Max(worst, scale > 0 ? difference / scale : difference);
            }
        }
        return worst;
    }

    /// <summary>Runs on the CPU and on OpenCL (both precisions) and returns the two relative differences.</summary>
    public static (double Float64, double Float32) CompareOpenCl(ITestOutputHelper output, string name, Lowering.LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cpu = Simulator.Run(cell, settings, lanes);
        var tCpu = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var f64 = NeuronLab.Simulation.Backends.BackendSimulator.Run(cell, settings, lanes, NeuronLab.Simulation.Backends.BackendOptions.OpenCl);
        var t64 = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var f32 = NeuronLab.Simulation.Backends.BackendSimulator.Run(cell, settings, lanes, NeuronLab.Simulation.Backends.BackendOptions.OpenCl with { Precision = NeuronLab.Simulation.Backends.DevicePrecision.Float32 });
        var t32 = watch.Elapsed.TotalSeconds;
        var d64 = MaxRelativeDifference(cpu, f64);
        var d32 = MaxRelativeDifference(cpu, f32);
        output.WriteLine($"{name}: {cell.NodeCount} nodes, {lanes.Count} lanes, {settings.StepCount} steps; max |Δ|/max|x| per trace: float64 {d64:E2}, float32 {d32:E2}; " +
                         $"wall s (incl. compile): cpu {tCpu:F2}, opencl f64 {t64:F2}, f32 {t32:F2}");
        return (d64, d32);
    }
}
