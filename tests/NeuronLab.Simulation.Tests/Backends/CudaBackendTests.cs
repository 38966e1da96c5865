using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation.Backends;
using NeuronLab.Simulation.Lowering;
using Xunit.Abstractions;

namespace NeuronLab.Simulation.Tests.Backends;

/// <summary>A fact that runs only where a CUDA device, driver and NVRTC are present, and says why it skipped otherwise.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!BackendSimulator.IsAvailable(ComputeBackend.Cuda, out var reason)) Skip = $"CUDA not available: {reason}";
    }
}

/// <summary>The CUDA back end. Needs an NVIDIA GPU (trait Gpu); skips with the reason elsewhere.</summary>
public sealed class CudaBackendTests(ITestOutputHelper output)
{
    [Fact]
    public void Run_WithoutCuda_SaysPlainlyWhatIsMissing()
    {
        if (BackendSimulator.IsAvailable(ComputeBackend.Cuda, out var description))
        {
            output.WriteLine($"CUDA is available here ({description}); nothing to check.");
            return;
        }
        var cell = CellLowering.Lower(TestCells.HodgkinHuxleyCable(5));
        var settings = new SimulationSettings(1, 0.025, TimeScheme.BackwardEuler, [Probe.Voltage("v", Location.OnBranch(0, 0.5))]);
        var e = Assert.Throws<BackendNotAvailableException>(() => BackendSimulator.Run(cell, settings, [Lane.With()], BackendOptions.Cuda));
        output.WriteLine(e.Message);
        Assert.Equal(ComputeBackend.Cuda, e.Backend);
        Assert.StartsWith("The Cuda back end is not available on this machine: ", e.Message);
        Assert.Contains("lib", e.Reason); // names the missing library (libcuda.so.1 or libnvrtc) or the driver error
    }

    [CudaFact]
    [Trait("Category", "Gpu")]
    public void HodgkinHuxleyCable_Float64_MatchesCpu()
    {
        var cell = CellLowering.Lower(TestCells.HodgkinHuxleyCable(50));
        var settings = new SimulationSettings(20, 0.025, TimeScheme.BackwardEuler, [Probe.Voltage("v0", Location.OnBranch(0, 0.1)), Probe.Voltage("v1", Location.OnBranch(0, 0.9))]);
        var lanes = Enumerable.Range(0, 300).Select(k => Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.1), new StepWaveform(1, 15, 0.01 * (k % 30))))).ToArray();
        var cpu = Simulator.Run(cell, settings, lanes);
        var gpu = BackendSimulator.Run(cell, settings, lanes, BackendOptions.Cuda);
        var gpu32 = BackendSimulator.Run(cell, settings, lanes, BackendOptions.Cuda with { Precision = DevicePrecision.Float32 });
        var d64 = BackendComparison.MaxRelativeDifference(cpu, gpu);
        var d32 = BackendComparison.MaxRelativeDifference(cpu, gpu32);
        output.WriteLine($"CUDA: float64 {d64:E2}, float32 {d32:E2}");
        Assert.True(d64 <= 1e-9, $"float64 differs by {d64:E2}");
    }
}
