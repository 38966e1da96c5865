using System.Collections.Immutable;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;

namespace NeuronLab.Simulation.Tests;

/// <summary>Cells shared by the simulation tests.</summary>
internal static class TestCells
{
    /// <summary>A straight cylinder of <paramref name="length"/> µm and <paramref name="radius"/> µm, tag <paramref name="tag"/>.</summary>
    public static Morphology Cylinder(double length, double radius, int tag = 3) =>
        MorphologyBuilder.FromSegments([new Segment(0, -1, new Point3(0, 0, 0, radius), new Point3(length, 0, 0, radius), tag)], "cylinder");

    /// <summary>The Gradient Diffusion Fig. 1 axon: soma 20 µm × r 10 µm, then 10 axon segments of 40 µm × r 0.5 µm.</summary>
    public static Morphology BallAndStickAxon()
    {
        var segments = new List<Segment> { new(0, -1, new Point3(-10, 0, 0, 10), new Point3(10, 0, 0, 10), 1) };
        for (var k = 0; k < 10; k++)
            segments.Add(new Segment(k + 1, k, new Point3(10 + 40 * k, 0, 0, 0.5), new Point3(10 + 40 * (k + 1), 0, 0, 0.5), 2));
        return MorphologyBuilder.FromSegments(segments, "ball-and-stick");
    }

    /// <summary>A passive cylinder with <paramref name="compartments"/> compartments.</summary>
    public static CellDescription PassiveCable(double length, double radius, int compartments, double g = 1e-4, double e = -65, double ra = 100, double cm = 1) =>
        new(new MorphologyShape(Cylinder(length, radius), Discretization.PerBranch(compartments)),
            Decor.Empty
                .With(Region.All, new MembraneCapacitance(cm))
                .With(Region.All, new AxialResistivity(ra))
                .With(Region.All, new InitialVoltage(e))
                .With(Region.All, BuiltinMechanisms.Passive(), ("g", g), ("e", e)));

    /// <summary>An HH cable (NEURON's hh everywhere), Ra 100 Ω·cm, cm 1 µF/cm², v_init −65 mV.</summary>
    public static CellDescription HodgkinHuxleyCable(int compartments, double length = 1000, double radius = 0.5) =>
        new(new MorphologyShape(Cylinder(length, radius), Discretization.PerBranch(compartments)),
            Decor.Empty
                .With(Region.All, new AxialResistivity(100))
                .With(Region.All, new InitialVoltage(-65))
                .With(Region.All, BuiltinMechanisms.HodgkinHuxley()));

    /// <summary>
    /// A 3-compartment passive cable carrying <c>runaway</c>: x' = k·x², x(0) = 1, no current — so V never shows x
    /// reaching ∞ (k &gt; 0 gets there within a few steps of 0.1 ms) and only a check of the states catches it. Lane
    /// parameter "k".
    /// </summary>
    public static CellDescription RunawayStateCable()
    {
        var runaway = NeuronLab.Model.Nmodl.NmodlLoader.Parse("""
            NEURON { SUFFIX runaway RANGE k }
            PARAMETER { k = 0 }
            STATE { x }
            INITIAL { x = 1 }
            BREAKPOINT { SOLVE states METHOD euler }
            DERIVATIVE states { x' = k*x*x }
            """, "runaway.mod").Mechanism;
        var passive = PassiveCable(100, 1, 3);
        return (passive with { Decor = passive.Decor.With(Region.All, runaway) })
            .WithParameter(ParameterDefinition.ForMechanism("k", Region.All, "runaway", "k", "1", 0));
    }

    public static SimulationSettings Settings(double duration, double dt, TimeScheme scheme, params Probe[] probes) =>
        new(duration, dt, scheme, [.. probes]);

    public static ImmutableArray<T> Array<T>(params T[] items) => [.. items];
}
