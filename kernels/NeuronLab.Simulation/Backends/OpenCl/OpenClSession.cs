using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using static NeuronLab.Simulation.Backends.OpenCl.OpenClNative;

namespace NeuronLab.Simulation.Backends.OpenCl;

/// <summary>
/// One OpenCL device with its context and in-order queue, opened once per process and device choice. Programs are
/// cached per source (PoCL and GPU drivers compile with LLVM, seconds per program), kernels per program and name.
/// Setting a kernel's arguments and enqueueing it happen under one lock, so batches may share a device.
/// </summary>
internal sealed unsafe class OpenClSession : DeviceSession
{
    private static readonly ConcurrentDictionary<string, Lazy<OpenClSession>> s_sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, DevicePrecision), Lazy<OpenClProgram>> _programs = new();
    private readonly nint _device;
    private readonly nint _context;
    private readonly nint _queue;

    private OpenClSession(nint device, string name, string platform, bool doubles)
    {
        _device = device;
        DeviceName = $"{name} ({platform})";
        SupportsDouble = doubles;
        int error;
        var d = device;
        _context = clCreateContext(null, 1, &d, 0, 0, &error);
        Check(error, "clCreateContext");
        try
        {
            _queue = clCreateCommandQueueWithProperties(_context, device, null, &error);
        }
        catch (EntryPointNotFoundException)
        {
#pragma warning disable CS0618
            _queue = clCreateCommandQueue(_context, device, 0, &error);
#pragma warning restore CS0618
        }
        Check(error, "clCreateCommandQueue");
    }

    public override ComputeBackend Backend => ComputeBackend.OpenCl;
    public override string DeviceName { get; }
    public override bool SupportsDouble { get; }

    /// <summary>The session for the first device whose name contains <paramref name="deviceName"/> (first GPU, else first device, when null).</summary>
    /// <exception cref="BackendNotAvailableException">No OpenCL loader, platform or matching device.</exception>
    public static OpenClSession Open(string? deviceName)
    {
        var key = deviceName ?? "";
        var lazy = s_sessions.GetOrAdd(key, k => new Lazy<OpenClSession>(() => Create(deviceName)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            s_sessions.TryRemove(key, out _); // do not cache a failure (a driver may be installed later)
            throw;
        }
    }

    /// <summary>Whether an OpenCL device can be opened; <paramref name="reason"/> says why not.</summary>
    public static bool IsAvailable(string? deviceName, out string reason)
    {
        try
        {
            var session = Open(deviceName);
            reason = $"device '{session.DeviceName}'" + (session.SupportsDouble ? "" : " (no double precision)");
            return true;
        }
        catch (BackendNotAvailableException e)
        {
            reason = e.Reason;
            return false;
        }
    }

    private static OpenClSession Create(string? deviceName)
    {
        if (!NativeLibrary.TryLoad(Library, typeof(OpenClSession).Assembly, null, out _))
            throw new BackendNotAvailableException(ComputeBackend.OpenCl, $"the OpenCL loader {Library} is not installed (Debian: ocl-icd-libopencl1 plus a driver, e.g. pocl-opencl-icd for CPUs).");
        uint platformCount;
        var code = clGetPlatformIDs(0, null, &platformCount);
        if (code != Success || platformCount == 0)
            throw new BackendNotAvailableException(ComputeBackend.OpenCl, $"no OpenCL platform is installed (clGetPlatformIDs: {ErrorName(code)}); install an ICD such as pocl-opencl-icd or a GPU driver.");
        var platforms = new nint[platformCount];
        fixed (nint* p = platforms) Check(clGetPlatformIDs(platformCount, p, null), "clGetPlatformIDs");

        var candidates = new List<(nint Device, string Name, string Platform, bool Gpu)>();
        foreach (var platform in platforms)
        {
            var platformName = PlatformString(platform, PlatformName);
            foreach (var gpu in new[] { true, false })
            {
                uint count;
                if (clGetDeviceIDs(platform, gpu ? DeviceTypeGpu : DeviceTypeAll, 0, null, &count) != Success || count == 0) continue;
                var devices = new nint[count];
                fixed (nint* d = devices) Check(clGetDeviceIDs(platform, gpu ? DeviceTypeGpu : DeviceTypeAll, count, d, null), "clGetDeviceIDs");
                foreach (var device in devices)
                    if (!candidates.Any(c => c.Device == device)) candidates.Add((device, DeviceString(device, OpenClNative.DeviceName), platformName, gpu));
            }
        }
        var chosen = deviceName is null
            ? candidates.OrderByDescending(c => c.Gpu).FirstOrDefault()
            : candidates.FirstOrDefault(c => c.Name.Contains(deviceName, StringComparison.OrdinalIgnoreCase));
        if (chosen.Device == 0)
            throw new BackendNotAvailableException(ComputeBackend.OpenCl, deviceName is null
                ? "no OpenCL device was found."
                : $"no OpenCL device's name contains '{deviceName}'. Devices: {string.Join(", ", candidates.Select(c => c.Name))}.");
        var extensions = DeviceString(chosen.Device, DeviceExtensions);
        return new OpenClSession(chosen.Device, chosen.Name, chosen.Platform, extensions.Contains("cl_khr_fp64", StringComparison.Ordinal));
    }

    public override DeviceProgram Build(string source, DevicePrecision precision) =>
        _programs.GetOrAdd((source, precision), key => new Lazy<OpenClProgram>(() => Compile(key.Item1, key.Item2))).Value;

    private OpenClProgram Compile(string source, DevicePrecision precision)
    {
        var bytes = Encoding.UTF8.GetBytes(source);
        int error;
        nint program;
        fixed (byte* s = bytes)
        {
            var strings = s;
            var length = (nuint)bytes.Length;
            program = clCreateProgramWithSource(_context, 1, &strings, &length, &error);
        }
        Check(error, "clCreateProgramWithSource");
        var options = Encoding.ASCII.GetBytes("-cl-std=CL1.2\0");
        var device = _device;
        int code;
        fixed (byte* o = options) code = clBuildProgram(program, 1, &device, o, 0, 0);
        if (code != Success)
        {
            var log = BuildLog(program);
            clReleaseProgram(program);
            throw new DeviceBuildException(ComputeBackend.OpenCl, $"clBuildProgram: {ErrorName(code)}\n{log}", source);
        }
        return new OpenClProgram(program, precision);
    }

    private string BuildLog(nint program)
    {
        nuint size;
        if (clGetProgramBuildInfo(program, _device, ProgramBuildLog, 0, null, &size) != Success) return "(no build log)";
        var log = new byte[(int)size];
        fixed (byte* l = log) clGetProgramBuildInfo(program, _device, ProgramBuildLog, size, l, null);
        return Encoding.UTF8.GetString(log).TrimEnd('\0');
    }

    public override DeviceBuffer Allocate(long bytes)
    {
        int error;
        var buffer = clCreateBuffer(_context, MemReadWrite, (nuint)Math.Max(bytes, 1), null, &error);
        Check(error, $"clCreateBuffer({bytes} bytes)");
        return new DeviceBuffer(buffer, bytes);
    }

    public override void Free(DeviceBuffer buffer) => clReleaseMemObject(buffer.Handle);

    public override void Write(DeviceBuffer buffer, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data) Check(clEnqueueWriteBuffer(_queue, buffer.Handle, 1, 0, (nuint)data.Length, p, 0, null, null), "clEnqueueWriteBuffer");
    }

    public override void Read(DeviceBuffer buffer, Span<byte> data)
    {
        fixed (byte* p = data) Check(clEnqueueReadBuffer(_queue, buffer.Handle, 1, 0, (nuint)data.Length, p, 0, null, null), "clEnqueueReadBuffer");
    }

    public override void Launch(DeviceProgram program, string kernel, int workItems, params DeviceArgument[] arguments)
    {
        var p = (OpenClProgram)program;
        var k = p.Kernel(kernel);
        lock (p)
        {
            for (var i = 0; i < arguments.Length; i++)
            {
                var a = arguments[i];
                int code;
                if (a.Buffer is { } b) { var h = b.Handle; code = clSetKernelArg(k, (uint)i, (nuint)sizeof(nint), &h); }
                else if (!a.IsReal) { var v = a.Int; code = clSetKernelArg(k, (uint)i, sizeof(int), &v); }
                else if (p.Precision == DevicePrecision.Float64) { var v = a.Real; code = clSetKernelArg(k, (uint)i, sizeof(double), &v); }
                else { var v = (float)a.Real; code = clSetKernelArg(k, (uint)i, sizeof(float), &v); }
                Check(code, $"clSetKernelArg({kernel}, {i})");
            }
            var global = (nuint)workItems;
            Check(clEnqueueNDRangeKernel(_queue, k, 1, null, &global, null, 0, null, null), $"clEnqueueNDRangeKernel({kernel})");
        }
    }

    public override void Finish() => Check(clFinish(_queue), "clFinish");

    private static string DeviceString(nint device, uint param)
    {
        nuint size;
        Check(clGetDeviceInfo(device, param, 0, null, &size), "clGetDeviceInfo");
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes) Check(clGetDeviceInfo(device, param, size, b, null), "clGetDeviceInfo");
        return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
    }

    private static string PlatformString(nint platform, uint param)
    {
        nuint size;
        if (clGetPlatformInfo(platform, param, 0, null, &size) != Success) return "?";
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes) clGetPlatformInfo(platform, param, size, b, null);
        return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
    }

    /// <summary>A built program and its kernels (created on first use; the program and kernels live as long as the process).</summary>
    private sealed class OpenClProgram(nint program, DevicePrecision precision) : DeviceProgram
    {
        private readonly ConcurrentDictionary<string, nint> _kernels = new(StringComparer.Ordinal);

        public override DevicePrecision Precision => precision;

        public nint Kernel(string name) => _kernels.GetOrAdd(name, n =>
        {
            var bytes = Encoding.ASCII.GetBytes(n + "\0");
            int error;
            nint kernel;
            fixed (byte* b = bytes) kernel = clCreateKernel(program, b, &error);
            Check(error, $"clCreateKernel({n})");
            return kernel;
        });
    }
}
