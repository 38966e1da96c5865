namespace NeuronLab.Simulation.Backends;

/// <summary>A buffer in device memory (an OpenCL <c>cl_mem</c> or a CUDA device pointer) and its size in bytes.</summary>
internal readonly record struct DeviceBuffer(nint Handle, long Bytes);

/// <summary>One kernel argument: a buffer, an int, or a real (double or float as the program's precision says).</summary>
internal readonly record struct DeviceArgument(DeviceBuffer? Buffer, int Int, double Real, bool IsReal)
{
    public static implicit operator DeviceArgument(DeviceBuffer buffer) => new(buffer, 0, 0, false);
    public static implicit operator DeviceArgument(int value) => new(null, value, 0, false);
    public static DeviceArgument FromReal(double value) => new(null, 0, value, true);
}

/// <summary>A compiled device program (cached per source by its session).</summary>
internal abstract class DeviceProgram
{
    public abstract DevicePrecision Precision { get; }
}

/// <summary>
/// The little a device back end must provide to run a generated step program: compile (cached per source), allocate,
/// copy, launch one work-item per lane, wait. OpenCL and CUDA implement it; <see cref="DeviceSimulation"/> does the rest.
/// </summary>
internal abstract class DeviceSession
{
    public abstract ComputeBackend Backend { get; }

    /// <summary>The device's name as the driver reports it.</summary>
    public abstract string DeviceName { get; }

    /// <summary>Whether the device computes in double precision.</summary>
    public abstract bool SupportsDouble { get; }

    /// <summary>Compiles <paramref name="source"/> (or returns the cached program).</summary>
    /// <exception cref="DeviceBuildException">The compiler rejected it; the message holds the log.</exception>
    public abstract DeviceProgram Build(string source, DevicePrecision precision);

    public abstract DeviceBuffer Allocate(long bytes);

    public abstract void Free(DeviceBuffer buffer);

    public abstract void Write(DeviceBuffer buffer, ReadOnlySpan<byte> data);

    public abstract void Read(DeviceBuffer buffer, Span<byte> data);

    /// <summary>Enqueues <paramref name="kernel"/> over <paramref name="workItems"/> work-items (one per lane).</summary>
    public abstract void Launch(DeviceProgram program, string kernel, int workItems, params DeviceArgument[] arguments);

    /// <summary>Waits until everything enqueued has finished.</summary>
    public abstract void Finish();
}
