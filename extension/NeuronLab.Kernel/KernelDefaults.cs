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
        "NeuronLab.Model.Catalogue",
        "NeuronLab.Model.Cells",
        "NeuronLab.Model.Mechanisms",
        "NeuronLab.Model.Morph",
        "NeuronLab.Model.Nmodl",
        "NeuronLab.Model.Stimuli",
        "NeuronLab.Simulation",
        "NeuronLab.Simulation.Gradients",
        "NeuronLab.Optimization.Records",
        "NeuronLab.Optimization.Bijectors",
        "NeuronLab.Fitting",
        "NeuronLab.Experiments",
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
        typeof(NeuronLab.Model.Cells.CellDescription).Assembly,
        typeof(NeuronLab.Numerics.TreeSolver).Assembly,
        typeof(NeuronLab.Simulation.Simulator).Assembly,
        typeof(NeuronLab.Optimization.Records.RunRecord).Assembly,
        typeof(NeuronLab.Fitting.FitObjective).Assembly,
        typeof(NeuronLab.Experiments.ExperimentCatalogue).Assembly,
    ];

    /// <summary>The magics of the kernel: the notebook layer's (<see cref="MagicCatalog.BuiltIn"/>) plus <c>#!reproduce</c>.</summary>
    public static MagicRegistry Magics()
    {
        var registry = MagicRegistry.CreateDefault();
        registry.Register(new ReproduceMagic());
        return registry;
    }
}
