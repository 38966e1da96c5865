using System.Collections.Immutable;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;

namespace NeuronLab.Model.Catalogue;

/// <summary>
/// The inferior-olive (ION) cell of Landsmeer et al. 2024 (gradient-diffusion.md §3): io_soma, io_dend and io_axon on
/// the soma, dendrite and axon regions of a morphology, cm 1 µF/cm², Ra 100 Ω·cm, V₀ = −60 mV, one compartment per
/// branch, and the paper's 17 named parameters — the 12 conductances of Table 1 (S/cm²) and the 5 reversal potentials
/// (mV), each potential setting the field of every mechanism that uses it.
/// </summary>
public static class InferiorOliveCell
{
    /// <summary>Conductance parameters in the reference code's order (gradient-diffusion.md §3.4).</summary>
    public static ImmutableArray<string> Conductances { get; } =
        ["g_CaL", "g_h", "g_K_Ca", "g_ld", "g_la", "g_ls", "g_Na_s", "g_Kdr_s", "g_K_s", "g_CaH", "g_Na_a", "g_K_a"];

    /// <summary>The reversal-potential parameters.</summary>
    public static ImmutableArray<string> ReversalPotentials { get; } = ["V_Na", "V_K", "V_Ca", "V_h", "V_l"];

    // parameter → (mechanism, field, region) targets
    private static readonly (string Name, (string Mechanism, string Field, Region Region)[] Targets)[] s_parameters =
    [
        ("g_CaL", [("io_soma", "gcal", Region.Soma)]),
        ("g_h", [("io_dend", "gh", Region.Dendrite)]),
        ("g_K_Ca", [("io_dend", "gkca", Region.Dendrite)]),
        ("g_ld", [("io_dend", "gld", Region.Dendrite)]),
        ("g_la", [("io_axon", "gla", Region.Axon)]),
        ("g_ls", [("io_soma", "gls", Region.Soma)]),
        ("g_Na_s", [("io_soma", "gna_s", Region.Soma)]),
        ("g_Kdr_s", [("io_soma", "gkdr_s", Region.Soma)]),
        ("g_K_s", [("io_soma", "gk_s", Region.Soma)]),
        ("g_CaH", [("io_dend", "gcah", Region.Dendrite)]),
        ("g_Na_a", [("io_axon", "gna_a", Region.Axon)]),
        ("g_K_a", [("io_axon", "gk_a", Region.Axon)]),
        ("V_Na", [("io_soma", "vna", Region.Soma), ("io_axon", "vna", Region.Axon)]),
        ("V_K", [("io_soma", "vk", Region.Soma), ("io_dend", "vk", Region.Dendrite), ("io_axon", "vk", Region.Axon)]),
        ("V_Ca", [("io_soma", "vca", Region.Soma), ("io_dend", "vca", Region.Dendrite)]),
        ("V_h", [("io_dend", "vh", Region.Dendrite)]),
        ("V_l", [("io_soma", "vl", Region.Soma), ("io_dend", "vl", Region.Dendrite), ("io_axon", "vl", Region.Axon)]),
    ];

    /// <summary>The cell on <paramref name="morphology"/> (e.g. C4A) with Table 1 defaults.</summary>
    public static CellDescription Create(Morphology morphology, Discretization? discretization = null)
    {
        var soma = MechanismCatalogue.Get("io_soma");
        var dend = MechanismCatalogue.Get("io_dend");
        var axon = MechanismCatalogue.Get("io_axon");
        var decor = Decor.Empty
            .With(Region.All, new MembraneCapacitance(1.0))
            .With(Region.All, new AxialResistivity(100))
            .With(Region.All, new InitialVoltage(-60))
            .With(Region.Soma, soma)
            .With(Region.Dendrite, dend)
            .With(Region.Axon, axon);
        var mechanisms = new[] { soma, dend, axon }.ToDictionary(m => m.Name);
        var cell = new CellDescription(new MorphologyShape(morphology, discretization ?? Discretization.PerBranch(1)), decor);
        foreach (var (name, targets) in s_parameters)
        {
            var (m0, f0, _) = targets[0];
            var parameter = mechanisms[m0].Parameter(f0);
            cell = cell.WithParameter(new ParameterDefinition(name, parameter.Unit, parameter.Default, parameter.Lower, parameter.Upper,
                [.. targets.Select(t => (ParameterTarget)new MechanismFieldTarget(t.Region, t.Mechanism, t.Field))]));
        }
        return cell;
    }
}
