namespace NeuronLab.Simulation.Backends;

/// <summary>Where a batch is simulated.</summary>
public enum ComputeBackend
{
    /// <summary>The CPU reference (<see cref="Simulator"/>): Roslyn-compiled C# kernels, threads over lane blocks.</summary>
    Cpu,
    /// <summary>Generated OpenCL C through <c>libOpenCL.so.1</c>, one work-item per lane (any OpenCL 1.2+ device, including PoCL on a CPU).</summary>
    OpenCl,
    /// <summary>Generated CUDA C compiled by NVRTC and run through the CUDA driver API (<c>libcuda.so.1</c>), one thread per lane.</summary>
    Cuda,
}

/// <summary>The floating-point type of a device program.</summary>
public enum DevicePrecision
{
    /// <summary>IEEE double (OpenCL needs <c>cl_khr_fp64</c>); agrees with the CPU back end to rounding.</summary>
    Float64,
    /// <summary>IEEE single: faster on consumer GPUs, with the accuracy stated in <c>docs/gpu.md</c>.</summary>
    Float32,
}

/// <summary>Which back end runs a batch, and how.</summary>
/// <param name="Backend">The back end; <see cref="ComputeBackend.Cpu"/> by default.</param>
/// <param name="Precision">Device floating-point type (ignored by the CPU back end, which is always double).</param>
/// <param name="StepsPerLaunch">Time steps per kernel launch on a device: bounds the stimulus upload per launch and the
/// time a launch holds the device (display watchdogs); cancellation and progress are checked between launches.</param>
/// <param name="DeviceName">Device whose name contains this text (case-insensitive); null picks the first GPU, else the first device.</param>
/// <param name="Cpu">Threads, cancellation and progress for the CPU back end (cancellation and progress are honoured by every back end).</param>
public sealed record BackendOptions(
    ComputeBackend Backend = ComputeBackend.Cpu,
    DevicePrecision Precision = DevicePrecision.Float64,
    int StepsPerLaunch = 2000,
    string? DeviceName = null,
    SimulationOptions? Cpu = null)
{
    public static BackendOptions Default { get; } = new();

    /// <summary>OpenCL in double precision.</summary>
    public static BackendOptions OpenCl { get; } = new(ComputeBackend.OpenCl);

    /// <summary>CUDA in double precision.</summary>
    public static BackendOptions Cuda { get; } = new(ComputeBackend.Cuda);
}

/// <summary>A back end cannot run on this machine (no driver, no device, no double support); the message says which and why.</summary>
public sealed class BackendNotAvailableException(ComputeBackend backend, string reason)
    : Exception($"The {backend} back end is not available on this machine: {reason}")
{
    public ComputeBackend Backend { get; } = backend;

    /// <summary>Why, without the back end's name.</summary>
    public string Reason { get; } = reason;
}

/// <summary>A device program failed to compile; the message holds the compiler's log and the source can be inspected.</summary>
public sealed class DeviceBuildException(ComputeBackend backend, string log, string source)
    : Exception($"The generated {backend} program did not compile:\n{log}")
{
    public string Log { get; } = log;
    /// <summary>The generated program that failed.</summary>
    public string ProgramSource { get; } = source;
}
