using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;
using NeuronLab.Numerics;
using NeuronLab.Simulation.Backends;
using NeuronLab.Simulation.Lowering;
using NeuronLab.Testing;

namespace NeuronLab.Simulation.Tests.Backends;

/// <summary>The generated device programs: structure, and the device exprelr against <see cref="Exprelr"/>.</summary>
public sealed class DeviceSourceTests
{
    private static LoweredCell InferiorOlive() =>
        CellLowering.Lower(InferiorOliveCell.Create(SwcReader.ReadMorphology(RepoPaths.SharedData("gradient-diffusion", "C4A.swc"))));

    [Fact]
    public void DeviceExprelr_SameOperationsAsNumerics_BitIdentical()
    {
        for (var order = 0; order <= Exprelr.MaxOrder; order++)
            for (var x = -40.0; x <= 40.0; x += 0.0137)
                Assert.Equal(Exprelr.Derivative(x, order), DeviceExprelr.Evaluate(x, order));
    }

    [Theory]
    [InlineData(ComputeBackend.OpenCl, DevicePrecision.Float64)]
    [InlineData(ComputeBackend.OpenCl, DevicePrecision.Float32)]
    [InlineData(ComputeBackend.Cuda, DevicePrecision.Float64)]
    [InlineData(ComputeBackend.Cuda, DevicePrecision.Float32)]
    public void GenerateSource_InferiorOlive_HasBothEntryPointsAndEveryMechanism(ComputeBackend backend, DevicePrecision precision)
    {
        var cell = InferiorOlive();
        var source = BackendSimulator.GenerateSource(cell, backend, precision);
        Assert.Contains($"typedef {(precision == DevicePrecision.Float64 ? "double" : "float")} real;", source);
        Assert.Contains(backend == ComputeBackend.Cuda ? "extern \"C\" __global__ void nl_step(" : "__kernel void nl_step(", source);
        Assert.Contains("nl_init(", source);
        foreach (var m in cell.Mechanisms) Assert.Contains($"// {m.Mechanism.Name}: Advance", source);
        Assert.Equal(backend == ComputeBackend.OpenCl && precision == DevicePrecision.Float64, source.Contains("cl_khr_fp64"));
        Assert.DoesNotContain("Math.", source);
        Assert.Equal(precision == DevicePrecision.Float32, source.Contains("((real)n + 0.5f)"));
    }

    [Fact]
    public void GenerateSource_IsDeterministic()
    {
        var a = BackendSimulator.GenerateSource(InferiorOlive(), ComputeBackend.OpenCl);
        var b = BackendSimulator.GenerateSource(InferiorOlive(), ComputeBackend.OpenCl);
        Assert.Equal(a, b);
    }
}
