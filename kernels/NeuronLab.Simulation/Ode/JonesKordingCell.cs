using System.Collections.Immutable;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Ode;

/// <summary>
/// The Jones &amp; Kording (2024) 6-compartment cell (jones-kording.md §1–3) on the ODE path: a chain 0–1–…–5 (0 soma,
/// 1 proximal, 5 distal), the <c>jk</c> softplus channels everywhere, Cm = 0.45 µF/cm², coupling g_ax = 0.5 mS/cm²,
/// V0 = −60 mV, output times t_k = 5k/49 (k = 1…48) integrated from t0 = t_1, piecewise-constant injected current
/// <c>arr[min(floor(t/0.1), 47)]</c> [µA/cm²], and 12 learnable conductances <c>gNa0…gNa5</c>, <c>gK0…gK5</c>.
/// </summary>
/// <remarks>
/// The paper's model has no geometry, so every compartment gets <see cref="Area"/> µm²; densities convert through it
/// (coupling G = 0.5e-3 S/cm² · A · 1e-2 µS, current 1 µA/cm² = 1e-5·A nA) and the voltages do not depend on the
/// choice. The named parameters are stored in NeuronLab's canonical S/cm² (the paper's mS/cm² × 1e-3); use
/// <see cref="Conductances"/> and <see cref="ToPaperGradient"/> to work in the paper's units.
/// This builder lives beside the ODE path because it is the path's reference model; fitting code (issue 7) composes it.
/// </remarks>
public static class JonesKordingCell
{
    /// <summary>Compartments in the chain.</summary>
    public const int Compartments = 6;

    /// <summary>Current bins (0.1 ms each) and recorded samples per trace.</summary>
    public const int Bins = 48;

    /// <summary>Recorded samples per trace (t_1 … t_48).</summary>
    public const int Samples = 48;

    /// <summary>Membrane area per compartment [µm²]; arbitrary (the model is in densities), chosen as a round number.</summary>
    public const double Area = 100.0;

    /// <summary>[µF/cm²]</summary>
    public const double MembraneCapacitance = 0.45;

    /// <summary>Axial coupling as a density [S/cm²] (the paper's g_ax = 0.5 mS/cm²).</summary>
    public const double CouplingDensity = 0.5e-3;

    /// <summary>[mV]</summary>
    public const double InitialVoltage = -60.0;

    /// <summary>Width of a current bin [ms].</summary>
    public const double BinWidth = 0.1;

    /// <summary>The paper's solver tolerance (rtol = atol).</summary>
    public const double Tolerance = 1e-8;

    /// <summary>The paper's conductance unit in canonical units: 1 mS/cm² = 1e-3 S/cm².</summary>
    public const double PaperConductanceUnit = 1e-3;

    /// <summary>1 µA/cm² on <see cref="Area"/> in nA: 1e-3 mA/cm² × 0.01·A.</summary>
    public const double CurrentUnit = 1e-5 * Area;

    /// <summary>Default conductances [mS/cm²] (the optimisation's homogeneous start, §2.3).</summary>
    public const double DefaultSodium = 100.0, DefaultPotassium = 45.0;

    /// <summary>Ground-truth gNa [mS/cm²] (§2.2, seed 20230619).</summary>
    public static ImmutableArray<double> GroundTruthSodium { get; } = [118.50092, 77.03841, 116.65161, 113.50341, 106.42767, 77.56276];

    /// <summary>Ground-truth gK [mS/cm²] (§2.2).</summary>
    public static ImmutableArray<double> GroundTruthPotassium { get; } = [56.18049, 55.81456, 53.04698, 47.42473, 52.83093, 50.99307];

    /// <summary>t_k = 5k/49 for k = 1…48 [ms]: <c>linspace(0, 5, 50)[1:-1]</c>.</summary>
    public static ImmutableArray<double> OutputTimes { get; } = [.. Enumerable.Range(1, Samples).Select(k => 5.0 * k / 49.0)];

    /// <summary>Name of compartment <paramref name="i"/>'s sodium conductance parameter.</summary>
    public static string Sodium(int i) => $"gNa{i}";

    /// <summary>Name of compartment <paramref name="i"/>'s potassium conductance parameter.</summary>
    public static string Potassium(int i) => $"gK{i}";

    /// <summary>The 12 parameter names: gNa0…gNa5 then gK0…gK5.</summary>
    public static ImmutableArray<string> ParameterNames { get; } =
        [.. Enumerable.Range(0, Compartments).Select(Sodium), .. Enumerable.Range(0, Compartments).Select(Potassium)];

    /// <summary>Voltage probes <c>v0…v5</c>, one per compartment.</summary>
    public static ImmutableArray<Probe> Probes { get; } =
        [.. Enumerable.Range(0, Compartments).Select(i => Probe.Voltage($"v{i}", Location.AtCompartment(i)))];

    /// <summary>The cell description.</summary>
    public static CellDescription Describe() =>
        Describe(Compartments, Enumerable.Range(1, Compartments - 1).Select(i => (i - 1, i)), CouplingDensity);

    /// <summary>The same cell on any tree of <paramref name="compartments"/> compartments (e.g. the authors' 184-compartment
    /// Gidon tree) with coupling <paramref name="couplingDensity"/> [S/cm²] per edge and parameters gNa{i}, gK{i} for each.</summary>
    public static CellDescription Describe(int compartments, IEnumerable<(int Parent, int Child)> edges, double couplingDensity)
    {
        var graph = CompartmentGraph.FromEdges(compartments, edges, Area, couplingDensity);
        var decor = Decor.Empty
            .With(Region.All, MechanismCatalogue.Get("jk"))
            .With(Region.All, new Model.Cells.MembraneCapacitance(MembraneCapacitance))
            .With(Region.All, new Model.Cells.InitialVoltage(InitialVoltage));
        var cell = new CellDescription(new GraphShape(graph), decor);
        for (var i = 0; i < compartments; i++)
            cell = cell.WithParameter(ParameterDefinition.ForMechanism(Sodium(i), Region.OnCompartments(i), "jk", "gna", "S/cm2", DefaultSodium * PaperConductanceUnit, 0));
        for (var i = 0; i < compartments; i++)
            cell = cell.WithParameter(ParameterDefinition.ForMechanism(Potassium(i), Region.OnCompartments(i), "jk", "gk", "S/cm2", DefaultPotassium * PaperConductanceUnit, 0));
        return cell;
    }

    /// <summary>The lowered cell.</summary>
    public static LoweredCell Lower() => CellLowering.Lower(Describe());

    /// <summary>The paper's solver settings: DP5(4), rtol = atol = <paramref name="tolerance"/>, from t_1, probes v0…v5.</summary>
    public static OdeSettings Settings(double tolerance = Tolerance, StimulusEdges edges = StimulusEdges.Clip) =>
        new(tolerance, tolerance, OutputTimes, OutputTimes[0], Probes, edges);

    /// <summary>The injected currents of one sample: compartment i gets <c>currents[i][min(floor(t/0.1), 47)]</c> µA/cm².</summary>
    public static ImmutableArray<CurrentClamp> Stimuli(IReadOnlyList<IReadOnlyList<double>> currents)
    {
        if (currents.Count != Compartments) throw new ArgumentException($"Need currents for {Compartments} compartments, got {currents.Count}.", nameof(currents));
        return [.. currents.Select((bins, i) => Clamp(i, bins))];
    }

    /// <summary>The clamp <c>I{compartment}</c>: <c>bins[min(floor(t/0.1), 47)]</c> µA/cm² into that compartment.</summary>
    public static CurrentClamp Clamp(int compartment, IReadOnlyList<double> bins)
    {
        if (bins.Count != Bins) throw new ArgumentException($"Compartment {compartment}: need {Bins} bins, got {bins.Count}.", nameof(bins));
        return new CurrentClamp($"I{compartment}", Location.AtCompartment(compartment),
            new PiecewiseConstantWaveform(0.0, BinWidth, [.. bins.Select(b => b * CurrentUnit)], HoldLast: true));
    }

    /// <summary>Parameter values in canonical units for conductances given in mS/cm².</summary>
    public static ImmutableDictionary<string, double> Conductances(IReadOnlyList<double> sodium, IReadOnlyList<double> potassium)
    {
        if (sodium.Count != Compartments || potassium.Count != Compartments)
            throw new ArgumentException($"Need {Compartments} values of gNa and of gK.");
        var builder = ImmutableDictionary.CreateBuilder<string, double>();
        for (var i = 0; i < Compartments; i++)
        {
            builder[Sodium(i)] = sodium[i] * PaperConductanceUnit;
            builder[Potassium(i)] = potassium[i] * PaperConductanceUnit;
        }
        return builder.ToImmutable();
    }

    /// <summary>One lane: conductances [mS/cm²] and currents [compartment][bin] [µA/cm²].</summary>
    public static Lane Lane(IReadOnlyList<double> sodium, IReadOnlyList<double> potassium, IReadOnlyList<IReadOnlyList<double>> currents) =>
        new(Conductances(sodium, potassium), Stimuli(currents));

    /// <summary>dL/dg in the paper's per-(mS/cm²) from the gradient by the canonical S/cm² parameters.</summary>
    public static double ToPaperGradient(double gradientPerCanonical) => gradientPerCanonical * PaperConductanceUnit;

    /// <summary>Homogeneous conductances [mS/cm²]: <paramref name="value"/> in every compartment.</summary>
    public static double[] Uniform(double value) => Enumerable.Repeat(value, Compartments).ToArray();
}
