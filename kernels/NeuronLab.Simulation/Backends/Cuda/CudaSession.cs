using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace NeuronLab.Simulation.Backends.Cuda;

/// <summary>
/// One CUDA device through the driver API (<c>libcuda.so.1</c>) with programs compiled at run time by NVRTC
/// (<c>libnvrtc.so.*</c>, whichever CUDA major version is installed). The entry points are bound with
/// <see cref="NativeLibrary"/> so that a machine without CUDA loads this type and gets a clear
/// <see cref="BackendNotAvailableException"/> instead of a <see cref="DllNotFoundException"/>.
/// </summary>
/// <remarks>Written against the CUDA 11/12 driver API; not run in this repository's CI (no NVIDIA device), see docs/gpu.md.</remarks>
internal sealed unsafe class CudaSession : DeviceSession
{
    /// <summary>NVRTC sonames tried in order (newest first).</summary>
    public static readonly string[] NvrtcLibraries = ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so.11.1", "libnvrtc.so.11.0", "libnvrtc.so"];
    public const string DriverLibrary = "libcuda.so.1";
    private const int BlockSize = 128;

    private static readonly Lazy<CudaSession> s_session = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly ConcurrentDictionary<(string, DevicePrecision), Lazy<CudaProgram>> _programs = new();
    private readonly Driver _driver;
    private readonly Nvrtc _nvrtc;
    private readonly nint _context;
    private readonly int _computeMajor, _computeMinor;

    private CudaSession(Driver driver, Nvrtc nvrtc, nint context, string name, int major, int minor)
    {
        _driver = driver;
        _nvrtc = nvrtc;
        _context = context;
        DeviceName = name;
        _computeMajor = major;
        _computeMinor = minor;
    }

    public override ComputeBackend Backend => ComputeBackend.Cuda;
    public override string DeviceName { get; }
    public override bool SupportsDouble => true;

    /// <summary>The first CUDA device.</summary>
    /// <exception cref="BackendNotAvailableException">No driver, no NVRTC, or no device.</exception>
    public static CudaSession Open() => s_session.Value;

    /// <summary>Whether a CUDA device can be opened; <paramref name="reason"/> says why not.</summary>
    public static bool IsAvailable(out string reason)
    {
        try
        {
            reason = $"device '{Open().DeviceName}'";
            return true;
        }
        catch (BackendNotAvailableException e)
        {
            reason = e.Reason;
            return false;
        }
    }

    private static CudaSession Create()
    {
        if (!NativeLibrary.TryLoad(DriverLibrary, out var cuda))
            throw new BackendNotAvailableException(ComputeBackend.Cuda, $"the NVIDIA driver library {DriverLibrary} is not installed (no NVIDIA GPU driver on this machine).");
        nint nvrtcHandle = 0;
        foreach (var name in NvrtcLibraries)
            if (NativeLibrary.TryLoad(name, out nvrtcHandle)) break;
        if (nvrtcHandle == 0)
            throw new BackendNotAvailableException(ComputeBackend.Cuda, $"NVRTC is not installed (tried {string.Join(", ", NvrtcLibraries)}); install the CUDA toolkit's runtime compiler (libnvrtc).");
        var driver = new Driver(cuda);
        var code = driver.Init(0);
        if (code != 0) throw new BackendNotAvailableException(ComputeBackend.Cuda, $"cuInit failed with CUDA error {code} (no usable NVIDIA device).");
        int count;
        driver.Check(driver.DeviceGetCount(&count), "cuDeviceGetCount");
        if (count == 0) throw new BackendNotAvailableException(ComputeBackend.Cuda, "the driver reports no CUDA device.");
        int device;
        driver.Check(driver.DeviceGet(&device, 0), "cuDeviceGet");
        var nameBytes = new byte[256];
        fixed (byte* n = nameBytes) driver.Check(driver.DeviceGetName(n, nameBytes.Length, device), "cuDeviceGetName");
        int major, minor;
        driver.Check(driver.DeviceGetAttribute(&major, 75, device), "cuDeviceGetAttribute(major)");  // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
        driver.Check(driver.DeviceGetAttribute(&minor, 76, device), "cuDeviceGetAttribute(minor)");  // ..._MINOR
        nint context;
        driver.Check(driver.CtxCreate(&context, 0, device), "cuCtxCreate");
        return new CudaSession(driver, new Nvrtc(nvrtcHandle), context, Encoding.ASCII.GetString(nameBytes).TrimEnd('\0'), major, minor);
    }

    public override DeviceProgram Build(string source, DevicePrecision precision) =>
        _programs.GetOrAdd((source, precision), key => new Lazy<CudaProgram>(() => Compile(key.Item1, key.Item2))).Value;

    private CudaProgram Compile(string source, DevicePrecision precision)
    {
        MakeCurrent();
        var src = Encoding.UTF8.GetBytes(source + "\0");
        var name = "neuronlab_step.cu\0"u8.ToArray();
        nint program;
        fixed (byte* s = src) fixed (byte* n = name) _nvrtc.Check(_nvrtc.CreateProgram(&program, s, n, 0, null, null), "nvrtcCreateProgram");
        try
        {
            // --fmad=false: no fused multiply-add contraction, so double results round like the CPU's.
            string[] options = [$"--gpu-architecture=compute_{_computeMajor}{_computeMinor}", "--fmad=false"];
            var optionBytes = options.Select(o => Encoding.ASCII.GetBytes(o + "\0")).ToArray();
            var handles = optionBytes.Select(b => GCHandle.Alloc(b, GCHandleType.Pinned)).ToArray();
            int code;
            try
            {
                var pointers = handles.Select(h => h.AddrOfPinnedObject()).ToArray();
                fixed (nint* p = pointers) code = _nvrtc.CompileProgram(program, options.Length, (byte**)p);
            }
            finally
            {
                foreach (var h in handles) h.Free();
            }
            if (code != 0) throw new DeviceBuildException(ComputeBackend.Cuda, $"nvrtcCompileProgram: error {code}\n{Log(program)}", source);
            nuint size;
            _nvrtc.Check(_nvrtc.GetPtxSize(program, &size), "nvrtcGetPTXSize");
            var ptx = new byte[(int)size];
            fixed (byte* p = ptx) _nvrtc.Check(_nvrtc.GetPtx(program, p), "nvrtcGetPTX");
            nint module;
            fixed (byte* p = ptx) _driver.Check(_driver.ModuleLoadData(&module, p), "cuModuleLoadData");
            return new CudaProgram(this, module, precision);
        }
        finally
        {
            _nvrtc.DestroyProgram(&program);
        }
    }

    private string Log(nint program)
    {
        nuint size;
        if (_nvrtc.GetProgramLogSize(program, &size) != 0) return "(no log)";
        var log = new byte[(int)size];
        fixed (byte* l = log) _nvrtc.GetProgramLog(program, l);
        return Encoding.UTF8.GetString(log).TrimEnd('\0');
    }

    private void MakeCurrent() => _driver.Check(_driver.CtxSetCurrent(_context), "cuCtxSetCurrent");

    public override DeviceBuffer Allocate(long bytes)
    {
        MakeCurrent();
        ulong pointer;
        _driver.Check(_driver.MemAlloc(&pointer, (nuint)Math.Max(bytes, 1)), $"cuMemAlloc({bytes} bytes)");
        return new DeviceBuffer((nint)pointer, bytes);
    }

    public override void Free(DeviceBuffer buffer)
    {
        MakeCurrent();
        _driver.MemFree((ulong)buffer.Handle);
    }

    public override void Write(DeviceBuffer buffer, ReadOnlySpan<byte> data)
    {
        MakeCurrent();
        fixed (byte* p = data) _driver.Check(_driver.MemcpyHtoD((ulong)buffer.Handle, p, (nuint)data.Length), "cuMemcpyHtoD");
    }

    public override void Read(DeviceBuffer buffer, Span<byte> data)
    {
        MakeCurrent();
        fixed (byte* p = data) _driver.Check(_driver.MemcpyDtoH(p, (ulong)buffer.Handle, (nuint)data.Length), "cuMemcpyDtoH");
    }

    public override void Launch(DeviceProgram program, string kernel, int workItems, params DeviceArgument[] arguments)
    {
        MakeCurrent();
        var p = (CudaProgram)program;
        var function = p.Function(kernel);
        // kernelParams: one pointer per argument to its value, in 8-byte slots.
        var values = stackalloc ulong[arguments.Length];
        var pointers = stackalloc void*[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var a = arguments[i];
            if (a.Buffer is { } b) values[i] = (ulong)b.Handle;
            else if (!a.IsReal) *(int*)&values[i] = a.Int;
            else if (p.Precision == DevicePrecision.Float64) *(double*)&values[i] = a.Real;
            else *(float*)&values[i] = (float)a.Real;
            pointers[i] = &values[i];
        }
        var blocks = (uint)((workItems + BlockSize - 1) / BlockSize);
        _driver.Check(_driver.LaunchKernel(function, blocks, 1, 1, BlockSize, 1, 1, 0, 0, pointers, null), $"cuLaunchKernel({kernel})");
    }

    public override void Finish()
    {
        MakeCurrent();
        _driver.Check(_driver.CtxSynchronize(), "cuCtxSynchronize");
    }

    private sealed class CudaProgram(CudaSession session, nint module, DevicePrecision precision) : DeviceProgram
    {
        private readonly ConcurrentDictionary<string, nint> _functions = new(StringComparer.Ordinal);

        public override DevicePrecision Precision => precision;

        public nint Function(string name) => _functions.GetOrAdd(name, n =>
        {
            var bytes = Encoding.ASCII.GetBytes(n + "\0");
            nint function;
            fixed (byte* b = bytes) session._driver.Check(session._driver.ModuleGetFunction(&function, module, b), $"cuModuleGetFunction({n})");
            return function;
        });
    }

    /// <summary>The CUDA driver API entry points (the <c>_v2</c> ABI of CUDA ≥ 4).</summary>
    private sealed class Driver(nint library)
    {
        private readonly delegate* unmanaged<uint, int> _init = (delegate* unmanaged<uint, int>)NativeLibrary.GetExport(library, "cuInit");
        private readonly delegate* unmanaged<int*, int> _deviceGetCount = (delegate* unmanaged<int*, int>)NativeLibrary.GetExport(library, "cuDeviceGetCount");
        private readonly delegate* unmanaged<int*, int, int> _deviceGet = (delegate* unmanaged<int*, int, int>)NativeLibrary.GetExport(library, "cuDeviceGet");
        private readonly delegate* unmanaged<byte*, int, int, int> _deviceGetName = (delegate* unmanaged<byte*, int, int, int>)NativeLibrary.GetExport(library, "cuDeviceGetName");
        private readonly delegate* unmanaged<int*, int, int, int> _deviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)NativeLibrary.GetExport(library, "cuDeviceGetAttribute");
        private readonly delegate* unmanaged<nint*, uint, int, int> _ctxCreate = (delegate* unmanaged<nint*, uint, int, int>)NativeLibrary.GetExport(library, "cuCtxCreate_v2");
        private readonly delegate* unmanaged<nint, int> _ctxSetCurrent = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(library, "cuCtxSetCurrent");
        private readonly delegate* unmanaged<int> _ctxSynchronize = (delegate* unmanaged<int>)NativeLibrary.GetExport(library, "cuCtxSynchronize");
        private readonly delegate* unmanaged<nint*, void*, int> _moduleLoadData = (delegate* unmanaged<nint*, void*, int>)NativeLibrary.GetExport(library, "cuModuleLoadData");
        private readonly delegate* unmanaged<nint*, nint, byte*, int> _moduleGetFunction = (delegate* unmanaged<nint*, nint, byte*, int>)NativeLibrary.GetExport(library, "cuModuleGetFunction");
        private readonly delegate* unmanaged<ulong*, nuint, int> _memAlloc = (delegate* unmanaged<ulong*, nuint, int>)NativeLibrary.GetExport(library, "cuMemAlloc_v2");
        private readonly delegate* unmanaged<ulong, int> _memFree = (delegate* unmanaged<ulong, int>)NativeLibrary.GetExport(library, "cuMemFree_v2");
        private readonly delegate* unmanaged<ulong, void*, nuint, int> _memcpyHtoD = (delegate* unmanaged<ulong, void*, nuint, int>)NativeLibrary.GetExport(library, "cuMemcpyHtoD_v2");
        private readonly delegate* unmanaged<void*, ulong, nuint, int> _memcpyDtoH = (delegate* unmanaged<void*, ulong, nuint, int>)NativeLibrary.GetExport(library, "cuMemcpyDtoH_v2");
        private readonly delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int> _launchKernel =
            (delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int>)NativeLibrary.GetExport(library, "cuLaunchKernel");

        public int Init(uint flags) => _init(flags);
        public int DeviceGetCount(int* count) => _deviceGetCount(count);
        public int DeviceGet(int* device, int ordinal) => _deviceGet(device, ordinal);
        public int DeviceGetName(byte* name, int length, int device) => _deviceGetName(name, length, device);
        public int DeviceGetAttribute(int* value, int attribute, int device) => _deviceGetAttribute(value, attribute, device);
        public int CtxCreate(nint* context, uint flags, int device) => _ctxCreate(context, flags, device);
        public int CtxSetCurrent(nint context) => _ctxSetCurrent(context);
        public int CtxSynchronize() => _ctxSynchronize();
        public int ModuleLoadData(nint* module, void* image) => _moduleLoadData(module, image);
        public int ModuleGetFunction(nint* function, nint module, byte* name) => _moduleGetFunction(function, module, name);
        public int MemAlloc(ulong* pointer, nuint bytes) => _memAlloc(pointer, bytes);
        public int MemFree(ulong pointer) => _memFree(pointer);
        public int MemcpyHtoD(ulong destination, void* source, nuint bytes) => _memcpyHtoD(destination, source, bytes);
        public int MemcpyDtoH(void* destination, ulong source, nuint bytes) => _memcpyDtoH(destination, source, bytes);
        public int LaunchKernel(nint f, uint gx, uint gy, uint gz, uint bx, uint by, uint bz, uint shared, nint stream, void** parameters, void** extra) =>
            _launchKernel(f, gx, gy, gz, bx, by, bz, shared, stream, parameters, extra);

        public void Check(int code, string call)
        {
            if (code != 0) throw new InvalidOperationException($"CUDA {call} failed with error {code}.");
        }
    }

    /// <summary>The NVRTC entry points.</summary>
    private sealed class Nvrtc(nint library)
    {
        private readonly delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int> _create =
            (delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int>)NativeLibrary.GetExport(library, "nvrtcCreateProgram");
        private readonly delegate* unmanaged<nint, int, byte**, int> _compile = (delegate* unmanaged<nint, int, byte**, int>)NativeLibrary.GetExport(library, "nvrtcCompileProgram");
        private readonly delegate* unmanaged<nint, nuint*, int> _logSize = (delegate* unmanaged<nint, nuint*, int>)NativeLibrary.GetExport(library, "nvrtcGetProgramLogSize");
        private readonly delegate* unmanaged<nint, byte*, int> _log = (delegate* unmanaged<nint, byte*, int>)NativeLibrary.GetExport(library, "nvrtcGetProgramLog");
        private readonly delegate* unmanaged<nint, nuint*, int> _ptxSize = (delegate* unmanaged<nint, nuint*, int>)NativeLibrary.GetExport(library, "nvrtcGetPTXSize");
        private readonly delegate* unmanaged<nint, byte*, int> _ptx = (delegate* unmanaged<nint, byte*, int>)NativeLibrary.GetExport(library, "nvrtcGetPTX");
        private readonly delegate* unmanaged<nint*, int> _destroy = (delegate* unmanaged<nint*, int>)NativeLibrary.GetExport(library, "nvrtcDestroyProgram");

        public int CreateProgram(nint* program, byte* source, byte* name, int headers, byte** headerSources, byte** headerNames) => _create(program, source, name, headers, headerSources, headerNames);
        public int CompileProgram(nint program, int count, byte** options) => _compile(program, count, options);
        public int GetProgramLogSize(nint program, nuint* size) => _logSize(program, size);
        public int GetProgramLog(nint program, byte* log) => _log(program, log);
        public int GetPtxSize(nint program, nuint* size) => _ptxSize(program, size);
        public int GetPtx(nint program, byte* ptx) => _ptx(program, ptx);
        public int DestroyProgram(nint* program) => _destroy(program);

        public void Check(int code, string call)
        {
            if (code != 0) throw new InvalidOperationException($"NVRTC {call} failed with error {code}.");
        }
    }
}
