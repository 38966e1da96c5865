using System.Collections.Immutable;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Fitting.Tests;

/// <summary>
/// A 3-compartment HH chain 0–1–2 (1000 µm² each, coupling 1 mS/cm², NEURON's hh everywhere, v_init −65 mV), fixed-step
/// backward Euler, dt 0.025 ms for 15 ms, with three learnable conductances fitted in mS/cm²: gNa of compartment 0
/// (<c>soma.gnabar</c>), gNa of compartments 1–2 (<c>dend.gnabar</c>) and gK everywhere (<c>gkbar</c>). Three stimuli
/// step currents into compartment 0 and/or 2, all compartments recorded.
/// </summary>
internal static class SmallCell
{
    public const double Area = 1000; // [µm²]

    /// <summary>Defaults [mS/cm²] (NEURON's hh: 120, 120, 36).</summary>
    public static readonly double[] Defaults = [120, 120, 36];

    public static FittingProblem Problem(SimulationPath? path = null)
    {
        var graph = CompartmentGraph.FromEdges(3, [(0, 1), (1, 2)], Area, 1e-3);
        var cell = new CellDescription(new GraphShape(graph), Decor.Empty
                .With(Region.All, BuiltinMechanisms.HodgkinHuxley())
                .With(Region.All, new MembraneCapacitance(1))
                .With(Region.All, new InitialVoltage(-65)))
            .WithParameter(ParameterDefinition.ForMechanism("soma.gnabar", Region.OnCompartments(0), "hh", "gnabar", "S/cm2", 0.12, 0))
            .WithParameter(ParameterDefinition.ForMechanism("dend.gnabar", Region.OnCompartments(1, 2), "hh", "gnabar", "S/cm2", 0.12, 0))
            .WithParameter(ParameterDefinition.ForMechanism("gkbar", Region.All, "hh", "gkbar", "S/cm2", 0.036, 0));
        var probes = Enumerable.Range(0, 3).Select(i => Probe.Voltage($"v{i}", Location.AtCompartment(i))).ToImmutableArray();
        path ??= new FixedStepPath(new SimulationSettings(15, 0.025, TimeScheme.BackwardEuler, probes));
        ImmutableArray<ImmutableArray<CurrentClamp>> stimuli =
        [
            [Clamp(0, 1, 10, 0.15)],
            [Clamp(2, 2, 8, 0.25)],
            [Clamp(0, 1, 5, 0.1), Clamp(2, 6, 8, 0.2)],
        ];
        return new FittingProblem(CellLowering.Lower(cell), path,
            [new FitParameter("soma.gnabar", 1e-3), new FitParameter("dend.gnabar", 1e-3), new FitParameter("gkbar", 1e-3)],
            stimuli, FitLoss.HalfMeanOverTime);
    }

    /// <summary>A step of <paramref name="amplitude"/> nA into compartment <paramref name="compartment"/>, named I{compartment}.</summary>
    private static CurrentClamp Clamp(int compartment, double start, double duration, double amplitude) =>
        new($"I{compartment}", Location.AtCompartment(compartment), new StepWaveform(start, duration, amplitude));
}
