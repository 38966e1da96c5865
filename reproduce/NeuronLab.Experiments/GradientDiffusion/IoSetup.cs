using System.Collections.Immutable;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Experiments.GradientDiffusion;

/// <summary>
/// The inferior-olive cell on C4A as the Gradient Diffusion code runs it (gradient-diffusion.md §3): pycat units
/// (<see cref="PycatUnits.InferiorOlive"/>), one compartment per branch, dt 0.025 ms, V read at the root.
/// </summary>
/// <remarks>
/// The reference records "CV 0", Arbor's zero-area root CV at the soma centre. Our lowering has the same node: C4A's
/// root has several branches, so a zero-area junction joins them (node 0). It has no capacitance or current, so after
/// every backward-Euler step its voltage is exactly the conductance-weighted mean of its neighbours,
/// V₀ = Σ G_k V_k / Σ G_k; the same linear combination holds for every sensitivity ∂V₀/∂θ. We probe the neighbours
/// and combine them.
/// </remarks>
public sealed class IoSetup
{
    /// <summary>Time step of the reference [ms].</summary>
    public const double Dt = 0.025;

    /// <summary>Sampling period of V in the reference [ms].</summary>
    public const double SamplingPeriod = 1.0;

    /// <summary>Multipliers of the synthetic target (§3.4), in the order of <see cref="InferiorOliveCell.Conductances"/>.</summary>
    public static ImmutableArray<double> TargetMultipliers { get; } =
        [0.003 / 0.015, 1, 0.250 / 0.300, 1, 1, 1, 1, 0.040 / 0.030, 0.020 / 0.015, 0.160 / 0.090, 0.250 / 0.200, 0.250 / 0.200];

    public IoSetup(string swcPath)
    {
        Morphology = SwcReader.ReadMorphology(swcPath);
        Cell = PycatUnits.InferiorOlive(Morphology);
        Lowered = CellLowering.Lower(Cell);
        if (Lowered.Nodes[0].Kind != NodeKind.Junction)
            throw new InvalidOperationException("The morphology's root has a single branch, so there is no root node to record; expected C4A (six root branches).");
        RootNeighbours = [.. Enumerable.Range(1, Lowered.NodeCount - 1).Where(i => Lowered.Parent[i] == 0)
            .Select(i => (Node: i, Branch: Lowered.Nodes[i].Branch, Conductance: Lowered.AxialConductance[i]))];
    }

    public Morphology Morphology { get; }
    public CellDescription Cell { get; }
    public LoweredCell Lowered { get; }

    /// <summary>The compartments adjacent to the root node: node, branch and axial conductance [µS].</summary>
    public ImmutableArray<(int Node, int Branch, double Conductance)> RootNeighbours { get; }

    /// <summary>The 12 conductance parameters (§3.4 order).</summary>
    public static ImmutableArray<string> Parameters => InferiorOliveCell.Conductances;

    /// <summary>Default of a parameter in the cell's (pycat-scaled) units.</summary>
    public double Default(string parameter) => Cell.Parameter(parameter).Default;

    /// <summary>Voltage probes at the root's neighbours, named <c>root.b&lt;branch&gt;</c>.</summary>
    public IEnumerable<Probe> RootProbes(double samplingPeriod = SamplingPeriod) =>
        RootNeighbours.Select(n => Probe.Voltage($"root.b{n.Branch}", Location.OnBranch(n.Branch, 0), samplingPeriod));

    /// <summary>V₀ = Σ G_k x_k / Σ G_k, where x_k is the series of probe <c>root.b&lt;branch&gt;</c>.</summary>
    public double[] RootCombination(Func<string, double[]> series)
    {
        var total = RootNeighbours.Sum(n => n.Conductance);
        double[]? result = null;
        foreach (var n in RootNeighbours)
        {
            var x = series($"root.b{n.Branch}");
            result ??= new double[x.Length];
            for (var i = 0; i < x.Length; i++) result[i] += n.Conductance / total * x[i];
        }
        return result!;
    }

    /// <summary>A lane with conductances g_j = x_j · default_j (the reference's multiplier parameterisation).</summary>
    public Lane LaneFor(IReadOnlyList<double> multipliers)
    {
        var lane = Lane.With();
        for (var j = 0; j < Parameters.Length; j++) lane = lane.WithParameter(Parameters[j], multipliers[j] * Default(Parameters[j]));
        return lane;
    }

    /// <summary>The SWC of C4A in the shared data.</summary>
    public static string C4APath() => ExperimentContext.SharedData("gradient-diffusion", "C4A.swc");
}
