using System.Collections.Immutable;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation.Backends;
using NeuronLab.Simulation.Lowering;
using NeuronLab.Simulation.Ode;
using NeuronLab.Testing;
using Xunit.Abstractions;

namespace NeuronLab.Simulation.Tests.Backends;

/// <summary>
/// The OpenCL back end against the CPU reference on PoCL (Debian's CPU OpenCL, scripts/packages/opencl.txt), or on any
/// OpenCL device the machine has. Metric: <see cref="BackendComparison.MaxRelativeDifference"/>.
/// </summary>
public sealed class OpenClBackendTests(ITestOutputHelper output)
{
    /// <summary>float64 device vs CPU: the same operations in the same order, libm differences only.</summary>
    private const double Float64Tolerance = 1e-9;

    /// <summary>float32 bound on these short runs (measured values are printed and recorded in docs/gpu.md).</summary>
    private const double Float32Tolerance = 1e-2;

    /// <summary>The Gradient Diffusion Fig. 1 axon (soma + 10 axon segments, hh everywhere), gnabar a parameter.</summary>
    private static LoweredCell HodgkinHuxleyAxon() => CellLowering.Lower(
        new CellDescription(new MorphologyShape(TestCells.BallAndStickAxon(), Discretization.OnePerSegment),
                Decor.Empty.With(Region.All, new AxialResistivity(100)).With(Region.All, new InitialVoltage(-65)).With(Region.All, BuiltinMechanisms.HodgkinHuxley()))
            .WithParameter(ParameterDefinition.ForMechanism("gnabar", Region.All, "hh", "gnabar", "S/cm2", 0.12)));

    private static Lane[] AxonLanes() =>
    [
        .. new[] { (0.2, 0.12), (0.5, 0.12), (0.5, 0.10), (1.0, 0.14), (0.0, 0.12) }.Select(x =>
            Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.5), new StepWaveform(1, 8, x.Item1))).WithParameter("gnabar", x.Item2)),
    ];

    [Fact]
    public void HodgkinHuxleyAxon_BackwardEuler_MatchesCpu()
    {
        var cell = HodgkinHuxleyAxon();
        var settings = new SimulationSettings(15, 0.025, TimeScheme.BackwardEuler,
            [Probe.Voltage("soma", Location.OnBranch(0, 0.5)), Probe.Voltage("axon", Location.OnBranch(cell.Nodes[^1].Branch, 0.9), 0.1),
             Probe.State("m", Location.OnBranch(0, 0.5), "hh", "m", 0.05)]);
        var (d64, d32) = BackendComparison.CompareOpenCl(output, "HH axon, backward Euler", cell, settings, AxonLanes());
        Assert.True(d64 <= Float64Tolerance, $"float64 differs by {d64:E2}");
        Assert.True(d32 <= Float32Tolerance, $"float32 differs by {d32:E2}");
    }

    [Fact]
    public void HodgkinHuxleyAxon_CrankNicolsonWithNeuronSlope_MatchesCpu()
    {
        var cell = HodgkinHuxleyAxon();
        var settings = new SimulationSettings(15, 0.025, TimeScheme.CrankNicolson, [Probe.Voltage("soma", Location.OnBranch(0, 0.5))], CurrentSlope.NeuronDifference);
        var cpu = Simulator.Run(cell, settings, AxonLanes());
        var device = BackendSimulator.Run(cell, settings, AxonLanes(), BackendOptions.OpenCl with { StepsPerLaunch = 77 });
        var d64 = BackendComparison.MaxRelativeDifference(cpu, device);
        output.WriteLine($"HH axon, Crank–Nicolson, NEURON slope, 77 steps per launch: float64 {d64:E2}");
        Assert.True(d64 <= Float64Tolerance, $"float64 differs by {d64:E2}");
        Assert.True(cpu.Traces[0].Values[3].Max() > 0, "lane 3 should spike");
    }

    [Fact]
    public void InferiorOliveOnC4A_ShortRun_MatchesCpu()
    {
        var cell = CellLowering.Lower(InferiorOliveCell.Create(SwcReader.ReadMorphology(RepoPaths.SharedData("gradient-diffusion", "C4A.swc"))));
        var settings = new SimulationSettings(10, 0.025, TimeScheme.BackwardEuler,
            [Probe.Voltage("soma", Location.OnBranch(0, 0.5), 0.1), Probe.Voltage("last", Location.OnBranch(cell.Nodes[^1].Branch, 0.5), 0.1)]);
        Lane[] lanes =
        [
            Lane.With(),
            Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.5), new StepWaveform(2, 6, 1.0))).WithParameter("g_CaL", 1.2 * 0.68),
            Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.5), new StepWaveform(1, 4, -0.5))).WithParameter("V_K", -80),
        ];
        var (d64, d32) = BackendComparison.CompareOpenCl(output, "inferior olive on C4A", cell, settings, lanes);
        Assert.True(d64 <= Float64Tolerance, $"float64 differs by {d64:E2}");
        Assert.True(d32 <= Float32Tolerance, $"float32 differs by {d32:E2}");
    }

    [Fact]
    public void JonesKordingBatch_FixedStep_MatchesCpu()
    {
        var cell = JonesKordingCell.Lower();
        var probes = JonesKordingCell.Probes.Select(p => p with { SamplingPeriod = 0.1 }).ToArray();
        var settings = new SimulationSettings(5, 0.01, TimeScheme.CrankNicolson, [.. probes]);
        var random = new Random(20230619);
        var lanes = Enumerable.Range(0, 32).Select(_ =>
        {
            var currents = Enumerable.Range(0, JonesKordingCell.Compartments)
                .Select(_ => (IReadOnlyList<double>)Enumerable.Range(0, JonesKordingCell.Bins).Select(_ => 30 * random.NextDouble()).ToArray()).ToArray();
            var sodium = Enumerable.Range(0, 6).Select(_ => 80 + 40 * random.NextDouble()).ToArray();
            var potassium = Enumerable.Range(0, 6).Select(_ => 40 + 20 * random.NextDouble()).ToArray();
            return JonesKordingCell.Lane(sodium, potassium, currents);
        }).ToList();
        var (d64, d32) = BackendComparison.CompareOpenCl(output, "Jones & Kording batch", cell, settings, lanes);
        Assert.True(d64 <= Float64Tolerance, $"float64 differs by {d64:E2}");
        Assert.True(d32 <= Float32Tolerance, $"float32 differs by {d32:E2}");
    }

    /// <summary>float32 over a long spiking run: spike times drift, so the error is measured and printed, not bounded tightly.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void HodgkinHuxleyAxon_LongRun_Float32ErrorAndWarmTimings()
    {
        var cell = HodgkinHuxleyAxon();
        var settings = new SimulationSettings(100, 0.025, TimeScheme.BackwardEuler, [Probe.Voltage("soma", Location.OnBranch(0, 0.5), 0.1)]);
        var lanes = Enumerable.Range(0, 64).Select(k =>
            Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.5), new StepWaveform(5, 95, 0.05 + 0.02 * (k % 32)))).WithParameter("gnabar", 0.10 + 0.001 * k)).ToList();
        var (d64, d32) = BackendComparison.CompareOpenCl(output, "HH axon, 100 ms (compile)", cell, settings, lanes);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Simulator.Run(cell, settings, lanes);
        var cpu = watch.Elapsed.TotalSeconds;
        watch.Restart();
        BackendSimulator.Run(cell, settings, lanes, BackendOptions.OpenCl);
        var device = watch.Elapsed.TotalSeconds;
        output.WriteLine($"warm: cpu (1 thread) {cpu:F3} s, opencl f64 {device:F3} s on {(BackendSimulator.IsAvailable(ComputeBackend.OpenCl, out var name) ? name : "?")}");
        Assert.True(d64 <= Float64Tolerance, $"float64 differs by {d64:E2}");
        Assert.True(double.IsFinite(d32));
    }

    [Fact]
    public void DivergingLane_ReportsTheSameTimeLaneAndNodeAsTheCpu()
    {
        var cell = HodgkinHuxleyAxon();
        var settings = new SimulationSettings(5, 0.025, TimeScheme.BackwardEuler, [Probe.Voltage("soma", Location.OnBranch(0, 0.5))]);
        Lane[] lanes = [AxonLanes()[0], Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.5), new StepWaveform(1, 3, 1e7)))];
        var cpu = Assert.Throws<SimulationDivergedException>(() => Simulator.Run(cell, settings, lanes));
        var device = Assert.Throws<SimulationDivergedException>(() => BackendSimulator.Run(cell, settings, lanes, BackendOptions.OpenCl));
        output.WriteLine($"cpu: {cpu.Message}\nopencl: {device.Message}");
        Assert.Equal(cpu.Time, device.Time, 12);
        Assert.Equal(cpu.Lane, device.Lane);
        Assert.Equal(cpu.Node, device.Node);
    }

    [Fact]
    public void CpuBackend_IsTheSimulator()
    {
        var cell = HodgkinHuxleyAxon();
        var settings = new SimulationSettings(2, 0.025, TimeScheme.BackwardEuler, [Probe.Voltage("soma", Location.OnBranch(0, 0.5))]);
        var cpu = Simulator.Run(cell, settings, AxonLanes());
        var viaBackend = BackendSimulator.Run(cell, settings, AxonLanes());
        Assert.Equal(0.0, BackendComparison.MaxRelativeDifference(cpu, viaBackend));
        Assert.True(BackendSimulator.IsAvailable(ComputeBackend.Cpu, out _));
    }
}
