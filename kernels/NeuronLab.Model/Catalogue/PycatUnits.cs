using System.Collections.Immutable;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;

namespace NeuronLab.Model.Catalogue;

/// <summary>
/// The unit convention of arbor_pycat, the Python-mechanism layer the Gradient Diffusion code runs on
/// (gradient-diffusion.md §1.9), expressed as data: factors on parameter defaults, no special simulation path.
/// </summary>
/// <remarks>
/// A pycat mechanism writes its current raw into Arbor's A/m² array (no ×10 of NMODL's mA/cm², no area weight), with
/// c_m = 0.01 F/m² = 1 µF/cm². A raw conductance g (current g·(V − E) with V in mV) is therefore in A/(m²·mV) =
/// 1000 S/m² = <b>0.1 S/cm²</b>: the reference's Table 1 numbers, read as S/cm² by our NMODL mechanisms, are 10× too
/// strong. <see cref="InferiorOlive"/> multiplies the defaults of the conductances that carry membrane current by
/// <see cref="ConductancePerRawUnit"/>. g_CaH is left as it is: the reference zeroes I_CaH in the membrane current
/// (io_dend's <c>cah_in_current = 0</c>) and uses it only in Ca' = −3·I_CaH − 0.075·Ca with the <i>raw</i> current, so
/// the unscaled value reproduces the reference's calcium exactly (setting <c>cah_in_current = 1</c> on this cell would
/// make that current 10× stronger than the other, scaled ones). Equivalent alternative: cm ×10 and Ra ÷10 with
/// unscaled conductances (both sides of the cable equation ×10); we keep physical cm and Ra.
/// </remarks>
public static class PycatUnits
{
    /// <summary>S/cm² per raw pycat conductance unit, A/(m²·mV).</summary>
    public const double ConductancePerRawUnit = 0.1;

    /// <summary>mA/cm² per raw pycat current-density unit, A/m².</summary>
    public const double CurrentDensityPerRawUnit = 0.1;

    /// <summary>Factor on each <see cref="InferiorOliveCell"/> conductance's Table 1 value under pycat semantics.</summary>
    public static ImmutableDictionary<string, double> InferiorOliveFactors { get; } =
        InferiorOliveCell.Conductances.ToImmutableDictionary(name => name, name => name == "g_CaH" ? 1.0 : ConductancePerRawUnit);

    /// <summary>The inferior-olive cell with the reference code's effective conductances (Table 1 values in raw units).</summary>
    public static CellDescription InferiorOlive(Morphology morphology, Discretization? discretization = null) =>
        ScaleDefaults(InferiorOliveCell.Create(morphology, discretization), InferiorOliveFactors);

    /// <summary>The same cell with the listed parameters' defaults and bounds multiplied by their factors.</summary>
    /// <exception cref="KeyNotFoundException">A listed parameter does not exist.</exception>
    public static CellDescription ScaleDefaults(CellDescription cell, IReadOnlyDictionary<string, double> factors)
    {
        foreach (var name in factors.Keys) _ = cell.Parameter(name);
        var scaled = cell.Parameters.Select(p => factors.TryGetValue(p.Name, out var f)
            ? p with { Default = p.Default * f, Lower = p.Lower * f, Upper = p.Upper * f }
            : p);
        return cell with { Parameters = [.. scaled] };
    }
}
