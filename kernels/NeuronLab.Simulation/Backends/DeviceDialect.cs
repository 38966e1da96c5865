using System.Globalization;

namespace NeuronLab.Simulation.Backends;

/// <summary>
/// What differs between the C dialects of the device back ends (OpenCL C 1.2 and CUDA C++): qualifiers, the lane index,
/// the floating-point type and how literals are written. Everything else in the generated program is shared.
/// </summary>
internal sealed class DeviceDialect
{
    private DeviceDialect(ComputeBackend backend, DevicePrecision precision)
    {
        Backend = backend;
        Precision = precision;
    }

    public ComputeBackend Backend { get; }
    public DevicePrecision Precision { get; }

    public static DeviceDialect For(ComputeBackend backend, DevicePrecision precision) => backend switch
    {
        ComputeBackend.OpenCl or ComputeBackend.Cuda => new DeviceDialect(backend, precision),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Only device back ends have a C dialect."),
    };

    public bool IsCuda => Backend == ComputeBackend.Cuda;

    /// <summary>The C type of <c>real</c>.</summary>
    public string RealType => Precision == DevicePrecision.Float64 ? "double" : "float";

    /// <summary>Bytes per real.</summary>
    public int RealSize => Precision == DevicePrecision.Float64 ? 8 : 4;

    /// <summary>Qualifier of a device helper function.</summary>
    public string Function => IsCuda ? "static __device__ __forceinline__" : "static inline";

    /// <summary>Qualifier of an entry point.</summary>
    public string Kernel => IsCuda ? "extern \"C\" __global__ void" : "__kernel void";

    /// <summary>Qualifier of a pointer to device memory.</summary>
    public string Global => IsCuda ? "" : "__global ";

    /// <summary>Qualifier of a read-only table baked into the program.</summary>
    public string ConstantTable => IsCuda ? "__constant__ static const" : "__constant";

    /// <summary>The expression for the lane this work-item / thread owns.</summary>
    public string LaneIndex => IsCuda ? "(int)(blockIdx.x * blockDim.x + threadIdx.x)" : "(int)get_global_id(0)";

    /// <summary>A floating literal of type <c>real</c>, round-trip exact in double precision.</summary>
    public string Literal(double value)
    {
        if (double.IsNaN(value)) return $"(({RealType})(0.0/0.0))";
        if (double.IsPositiveInfinity(value)) return $"(({RealType})(1.0/0.0))";
        if (double.IsNegativeInfinity(value)) return $"(({RealType})(-1.0/0.0))";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOfAny(['.', 'E', 'e']) < 0) text += ".0";
        if (Precision == DevicePrecision.Float32) text += "f";
        return value < 0 ? $"({text})" : text;
    }
}
