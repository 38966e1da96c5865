using NeuronLab.Model.Cells;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Morph;
using NeuronLab.Model.Nmodl;
using NeuronLab.Model.Stimuli;

namespace NeuronLab.Experiments.GradientDiffusion;

/// <summary>
/// The 11-compartment Hodgkin–Huxley axon of Landsmeer et al. 2024 Fig 1 (gradient-diffusion.md §2): a soma segment
/// (−10,0,0)→(10,0,0) of radius 10 µm (tag 1) and 10 chained axon segments of 40 µm, radius 0.5 µm (tag 2), one
/// compartment per segment, cm 1 µF/cm² (Arbor's 0.01 F/m²), Ra 100 Ω·cm, V₀ = −68.5 mV, <c>custom_hh</c> everywhere,
/// and a current pulse on the soma scaled by the parameter <see cref="Gain"/> (w).
/// </summary>
public static class HhAxonCell
{
    /// <summary>The differentiated parameter: the gain of the pulse.</summary>
    public const string Gain = "w";

    /// <summary>The stimulus name the gain targets.</summary>
    public const string Stimulus = "pulse";

    /// <summary>Pulse start [ms]: the reference code's <c>(t mod 100) &gt; 95</c>, first pulse (§2, §7.3).</summary>
    public const double PulseStart = 95.0;

    /// <summary>Pulse length [ms].</summary>
    public const double PulseDuration = 5.0;

    /// <summary>The reference's pulse density, 0.1 A/m² raw (§2), in mA/cm² (1 A/m² = 0.1 mA/cm²).</summary>
    public const double PulseDensity = 0.1 * 0.1;

    /// <summary>Soma and axon segment counts.</summary>
    public const int AxonSegments = 10;

    /// <summary>The custom_hh mechanism, parsed from the .mod file embedded beside this class.</summary>
    public static Mechanism Mechanism { get; } = LoadMechanism();

    private static Mechanism LoadMechanism()
    {
        using var stream = typeof(HhAxonCell).Assembly.GetManifestResourceStream("NeuronLab.Experiments.GradientDiffusion.custom_hh.mod")
            ?? throw new InvalidOperationException("custom_hh.mod is not embedded in the experiments assembly.");
        using var reader = new StreamReader(stream);
        return NmodlLoader.Parse(reader.ReadToEnd(), "custom_hh.mod").Mechanism;
    }

    /// <summary>The morphology: soma segment then 10 axon segments along x.</summary>
    public static Morphology Morphology()
    {
        var segments = new List<Segment> { new(0, -1, new Point3(-10, 0, 0, 10), new Point3(10, 0, 0, 10), 1) };
        for (var k = 0; k < AxonSegments; k++)
        {
            var x0 = 10 + 40.0 * k;
            segments.Add(new Segment(k + 1, k, new Point3(x0, 0, 0, 0.5), new Point3(x0 + 40, 0, 0, 0.5), 2));
        }
        return MorphologyBuilder.FromSegments(segments, "gd-fig1 HH axon");
    }

    /// <summary>The cell with the parameter <see cref="Gain"/> (default 1) on the stimulus.</summary>
    public static CellDescription Create()
    {
        var decor = Decor.Empty
            .With(Region.All, new MembraneCapacitance(1.0))
            .With(Region.All, new AxialResistivity(100))
            .With(Region.All, new InitialVoltage(-68.5))
            .With(Region.All, Mechanism);
        return new CellDescription(new MorphologyShape(Morphology(), Discretization.OnePerSegment), decor)
            .WithParameter(new ParameterDefinition(Gain, "1", 1.0, null, null, [new StimulusGainTarget(Stimulus)]));
    }

    /// <summary>Soma area [µm²]: 2π·10·20.</summary>
    public static double SomaArea => 2 * Math.PI * 10 * 20;

    /// <summary>The pulse: <see cref="PulseDensity"/> over the soma, in nA (mA/cm² · µm² · 1e-2).</summary>
    public static CurrentClamp Pulse() =>
        new(Stimulus, Location.OnBranch(0, 0.5), new StepWaveform(PulseStart, PulseDuration, PulseDensity * SomaArea * 1e-2));

    /// <summary>Compartment k (0 soma, 1..10 axon) as a location.</summary>
    public static Location Compartment(int k) => k == 0 ? Location.OnBranch(0, 0.5) : Location.OnBranch(1, (k - 0.5) / AxonSegments);
}
