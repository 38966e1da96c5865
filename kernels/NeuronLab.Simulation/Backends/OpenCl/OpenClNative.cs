using System.Runtime.InteropServices;

namespace NeuronLab.Simulation.Backends.OpenCl;

/// <summary>The OpenCL 1.2/2.0 entry points the back end uses, from the ICD loader <c>libOpenCL.so.1</c>.</summary>
internal static unsafe partial class OpenClNative
{
    public const string Library = "libOpenCL.so.1";

    public const int Success = 0;
    public const ulong DeviceTypeGpu = 1 << 2;
    public const ulong DeviceTypeAll = 0xFFFFFFFF;
    public const uint DeviceName = 0x102B;
    public const uint DeviceExtensions = 0x1030;
    public const uint PlatformName = 0x0902;
    public const uint ProgramBuildLog = 0x1183;
    public const ulong MemReadWrite = 1 << 0;

    [LibraryImport(Library)] public static partial int clGetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms);
    [LibraryImport(Library)] public static partial int clGetPlatformInfo(nint platform, uint param, nuint size, void* value, nuint* sizeRet);
    [LibraryImport(Library)] public static partial int clGetDeviceIDs(nint platform, ulong deviceType, uint numEntries, nint* devices, uint* numDevices);
    [LibraryImport(Library)] public static partial int clGetDeviceInfo(nint device, uint param, nuint size, void* value, nuint* sizeRet);
    [LibraryImport(Library)] public static partial nint clCreateContext(nint* properties, uint numDevices, nint* devices, nint notify, nint userData, int* error);
    [LibraryImport(Library)] public static partial nint clCreateCommandQueueWithProperties(nint context, nint device, ulong* properties, int* error);
    [LibraryImport(Library)] public static partial nint clCreateCommandQueue(nint context, nint device, ulong properties, int* error);
    [LibraryImport(Library)] public static partial nint clCreateProgramWithSource(nint context, uint count, byte** strings, nuint* lengths, int* error);
    [LibraryImport(Library)] public static partial int clBuildProgram(nint program, uint numDevices, nint* devices, byte* options, nint notify, nint userData);
    [LibraryImport(Library)] public static partial int clGetProgramBuildInfo(nint program, nint device, uint param, nuint size, void* value, nuint* sizeRet);
    [LibraryImport(Library)] public static partial nint clCreateKernel(nint program, byte* name, int* error);
    [LibraryImport(Library)] public static partial nint clCreateBuffer(nint context, ulong flags, nuint size, void* host, int* error);
    [LibraryImport(Library)] public static partial int clSetKernelArg(nint kernel, uint index, nuint size, void* value);
    [LibraryImport(Library)] public static partial int clEnqueueNDRangeKernel(nint queue, nint kernel, uint dimensions, nuint* offset, nuint* global, nuint* local, uint numEvents, nint* waitList, nint* evt);
    [LibraryImport(Library)] public static partial int clEnqueueReadBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* ptr, uint numEvents, nint* waitList, nint* evt);
    [LibraryImport(Library)] public static partial int clEnqueueWriteBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* ptr, uint numEvents, nint* waitList, nint* evt);
    [LibraryImport(Library)] public static partial int clFinish(nint queue);
    [LibraryImport(Library)] public static partial int clReleaseMemObject(nint buffer);
    [LibraryImport(Library)] public static partial int clReleaseKernel(nint kernel);
    [LibraryImport(Library)] public static partial int clReleaseProgram(nint program);
    [LibraryImport(Library)] public static partial int clReleaseCommandQueue(nint queue);
    [LibraryImport(Library)] public static partial int clReleaseContext(nint context);

    /// <summary>Throws with the call's name and OpenCL's error code when <paramref name="code"/> is not CL_SUCCESS.</summary>
    public static void Check(int code, string call)
    {
        if (code != Success) throw new InvalidOperationException($"OpenCL {call} failed with error {code} ({ErrorName(code)}).");
    }

    public static string ErrorName(int code) => code switch
    {
        -1 => "CL_DEVICE_NOT_FOUND", -2 => "CL_DEVICE_NOT_AVAILABLE", -4 => "CL_MEM_OBJECT_ALLOCATION_FAILURE",
        -5 => "CL_OUT_OF_RESOURCES", -6 => "CL_OUT_OF_HOST_MEMORY", -11 => "CL_BUILD_PROGRAM_FAILURE",
        -30 => "CL_INVALID_VALUE", -33 => "CL_INVALID_DEVICE", -34 => "CL_INVALID_CONTEXT", -36 => "CL_INVALID_COMMAND_QUEUE",
        -38 => "CL_INVALID_MEM_OBJECT", -44 => "CL_INVALID_PROGRAM", -45 => "CL_INVALID_PROGRAM_EXECUTABLE",
        -46 => "CL_INVALID_KERNEL_NAME", -48 => "CL_INVALID_KERNEL", -49 => "CL_INVALID_ARG_INDEX", -50 => "CL_INVALID_ARG_VALUE",
        -51 => "CL_INVALID_ARG_SIZE", -52 => "CL_INVALID_KERNEL_ARGS", -54 => "CL_INVALID_WORK_GROUP_SIZE", -1001 => "CL_PLATFORM_NOT_FOUND_KHR",
        _ => "see cl.h",
    };
}
