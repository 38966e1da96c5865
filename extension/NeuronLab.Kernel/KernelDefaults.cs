using System.Reflection;
using NeuronLab.Interactive;

namespace NeuronLab.Kernel;

/// <summary>
/// What every C# cell sees without a <c>using</c> or <c>#r</c>. This is the one place to add the engine:
/// when NeuronLab.Model/Simulation/... exist, add their namespaces to <see cref="Imports"/> and one type of each
/// assembly to <see cref="References"/> (the kernel project references them, so they are copied beside it).
/// </summary>
public static class KernelDefaults
{
    /// <summary>Namespaces imported in every cell.</summary>
    public static IReadOnlyList<string> Imports { get; } =
    [
        "System",
        "System.Collections.Generic",
        "System.IO",
        "System.Linq",
        "System.Text",
        "System.Threading",
        "System.Threading.Tasks",
        "NeuronLab.Interactive",
    ];

    /// <summary>Assemblies referenced by every cell (besides the ones Roslyn scripting references by default).</summary>
    public static IReadOnlyList<Assembly> References { get; } =
    [
        typeof(object).Assembly,
        typeof(Console).Assembly,
        typeof(Enumerable).Assembly,
        typeof(System.Collections.Immutable.ImmutableArray).Assembly,
        typeof(System.Text.Json.JsonSerializer).Assembly,
        typeof(Figure).Assembly,
    ];
}
