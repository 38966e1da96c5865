using NeuronLab.Model.Cells;
using NeuronLab.Simulation.Backends.Cuda;
using NeuronLab.Simulation.Backends.OpenCl;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Backends;

/// <summary>
/// Runs a batch on the back end <see cref="BackendOptions.Backend"/> names: the CPU reference (<see cref="Simulator"/>,
/// the default) or a device program generated from the same IR (OpenCL C, CUDA C) with the same fixed-step numerics
/// and the same result type. Example:
/// <code>var result = BackendSimulator.Run(cell, settings, lanes, BackendOptions.OpenCl);</code>
/// </summary>
/// <remarks>
/// Device runs support the fixed-step schemes (backward Euler, Crank–Nicolson), every stimulus kind (currents are
/// evaluated on the host at t + dt/2 and uploaded per launch), V and state probes, and divergence reports; forward
/// sensitivities and the adjoint remain CPU-only. Float64 agrees with the CPU to rounding; float32 error: docs/gpu.md.
/// </remarks>
public static class BackendSimulator
{
    /// <summary>Lowers <paramref name="cell"/> and runs the lanes on the chosen back end.</summary>
    public static SimulationResult Run(CellDescription cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, BackendOptions? options = null) =>
        Run(CellLowering.Lower(cell), settings, lanes, options);

    /// <summary>Runs the lanes of an already lowered cell on the chosen back end.</summary>
    /// <exception cref="BackendNotAvailableException">The back end has no driver or device here (the message says which).</exception>
    /// <exception cref="DeviceBuildException">The device compiler rejected the generated program.</exception>
    /// <exception cref="SimulationDivergedException">A lane diverged; the earliest (time, lane) is reported.</exception>
    public static SimulationResult Run(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, BackendOptions? options = null)
    {
        options ??= BackendOptions.Default;
        return options.Backend switch
        {
            ComputeBackend.Cpu => Simulator.Run(cell, settings, lanes, options.Cpu),
            ComputeBackend.OpenCl => DeviceSimulation.Run(OpenClSession.Open(options.DeviceName), cell, settings, lanes, options),
            ComputeBackend.Cuda => DeviceSimulation.Run(CudaSession.Open(), cell, settings, lanes, options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Backend, "Unknown back end."),
        };
    }

    /// <summary>Whether <paramref name="backend"/> can run here; <paramref name="description"/> names the device, or says why not.</summary>
    public static bool IsAvailable(ComputeBackend backend, out string description, string? deviceName = null)
    {
        switch (backend)
        {
            case ComputeBackend.Cpu:
                description = $"{Environment.ProcessorCount} logical processors";
                return true;
            case ComputeBackend.OpenCl:
                return OpenClSession.IsAvailable(deviceName, out description);
            case ComputeBackend.Cuda:
                return CudaSession.IsAvailable(out description);
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown back end.");
        }
    }

    /// <summary>The device program a run of <paramref name="cell"/> would compile (for printing and inspection).</summary>
    public static string GenerateSource(LoweredCell cell, ComputeBackend backend, DevicePrecision precision = DevicePrecision.Float64, CurrentSlope slope = CurrentSlope.Exact) =>
        DeviceProgramEmitter.Emit(cell, slope, DeviceDialect.For(backend, precision));
}
