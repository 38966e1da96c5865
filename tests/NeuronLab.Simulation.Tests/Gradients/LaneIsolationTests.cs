using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Tests.Gradients;

/// <summary>
/// A block of lanes reads and writes only its own lanes of the batch's shared arrays (V, currents, states, parameters,
/// the tangent rows, the adjoints and gradient accumulators). Threads run blocks without a barrier between steps, so a
/// block that cleared or read another's lanes would give results that depend on timing — which a comparison of thread
/// counts on a 2-core machine rarely exposes. Here one block runs alone with the other lanes of every shared array
/// poisoned: the poison must survive bit for bit, and the block's own results must equal those of a run without it.
/// </summary>
public sealed class LaneIsolationTests
{
    private const int Lanes = 9;

    /// <summary>A NaN with a payload: it turns any result that reads it into NaN, and arithmetic would lose the payload.</summary>
    private static readonly double PoisonValue = BitConverter.Int64BitsToDouble(0x7FF8_0000_DEAD_BEEF);

    private static readonly string[] Parameters = ["w", "soma.gnabar", "axon.gkbar", "ek"];

    // Blocks with a vector group and a scalar tail (0–4), and one whose vector group starts at an odd lane (5–8).
    [Theory]
    [InlineData(0, 5)]
    [InlineData(5, 9)]
    public void ForwardMode_BlockTouchesOnlyItsOwnLanes(int l0, int l1)
    {
        var (clean, _) = RunForward(l0, l1, poison: false);
        var (poisoned, arrays) = RunForward(l0, l1, poison: true);
        AssertOtherLanesPoisoned(arrays, l0, l1);
        AssertOwnLanesEqual(clean, poisoned, l0, l1);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(5, 9)]
    public void ReverseMode_BlockTouchesOnlyItsOwnLanes(int l0, int l1)
    {
        var (clean, _) = RunReverse(l0, l1, poison: false);
        var (poisoned, arrays) = RunReverse(l0, l1, poison: true);
        AssertOtherLanesPoisoned(arrays, l0, l1);
        AssertOwnLanesEqual(clean, poisoned, l0, l1);
    }

    /// <summary>Forward mode for one block; returns the arrays whose own lanes are its results, and every shared array.</summary>
    private static (List<double[]> Results, List<(string Name, double[] Values)> Shared) RunForward(int l0, int l1, bool poison)
    {
        var (cell, settings, lanes) = Problem();
        var state = new BatchState(cell, lanes, settings);
        var memory = new TangentMemory(state, new ParameterSeeds(state, Parameters));
        var shared = SharedArrays(state);
        shared.Add(("V̇", memory.VoltageTangent));
        shared.Add(("tangent rows", memory.CurrentTangent));
        for (var m = 0; m < memory.StateTangent.Length; m++)
            for (var s = 0; s < memory.StateTangent[m].Length; s++) shared.Add(($"ṡ[{m}][{s}]", memory.StateTangent[m][s]));
        if (poison) Poison(shared, l0, l1);

        var stepper = new TangentStepper(new LaneBlock(state, settings, l0, l1), memory);
        stepper.Initialize();
        for (var n = 0; n < settings.StepCount; n++) stepper.Step(n);
        return ([state.Voltage, memory.VoltageTangent, .. memory.StateTangent.SelectMany(m => m)], shared);
    }

    /// <summary>Reverse mode for one block with the loss Σ V(end) over the samples.</summary>
    private static (List<double[]> Results, List<(string Name, double[] Values)> Shared) RunReverse(int l0, int l1, bool poison)
    {
        var (cell, settings, lanes) = Problem();
        var state = new BatchState(cell, lanes, settings);
        var memory = new AdjointMemory(state);
        var recorders = settings.Probes.Select(p => new ProbeRecorder(cell, state, p, settings.Dt, settings.StepCount)).ToArray();
        var shared = SharedArrays(state);
        shared.Add(("λV", memory.VoltageAdjoint));
        shared.Add(("current adjoint", memory.CurrentAdjoint));
        shared.Add(("conductance adjoint", memory.ConductanceAdjoint));
        shared.Add(("μ", memory.Mu));
        shared.Add(("dL/dcm", memory.CapacitanceGradient));
        for (var m = 0; m < state.Mechanisms.Length; m++)
        {
            for (var s = 0; s < memory.StateAdjoint[m].Length; s++) shared.Add(($"λs[{m}][{s}]", memory.StateAdjoint[m][s]));
            for (var f = 0; f < memory.FieldGradient[m].Length; f++) shared.Add(($"dL/dfield[{m}][{f}]", memory.FieldGradient[m][f]));
            for (var r = 0; r < memory.IonGradient[m].Length; r++) shared.Add(($"dL/de[{m}][{r}]", memory.IonGradient[m][r]));
        }
        if (poison)
        {
            Poison(shared, l0, l1);
            for (var l = 0; l < Lanes; l++)
                if (l < l0 || l >= l1) Array.Fill(memory.GainGradient[l], PoisonValue);
        }

        // Checkpoints every few steps: the sweep recomputes segments into the shared arrays too.
        using var stepper = new AdjointStepper(new LaneBlock(state, settings, l0, l1), memory, checkpointInterval: 7);
        stepper.ForwardPass(settings.StepCount, recorders, CancellationToken.None);
        var end = recorders.Single();
        stepper.ReverseSweep(settings.StepCount, n =>
        {
            for (var l = l0; l < l1; l++) memory.VoltageAdjoint[end.Row * Lanes + l] += 1.0;
        }, CancellationToken.None);
        if (poison)
            for (var l = 0; l < Lanes; l++)
                if (l < l0 || l >= l1) Assert.All(memory.GainGradient[l], g => Assert.Equal(Bits(PoisonValue), Bits(g)));
        // dL/dw per own lane, spread as a [stimulus][lane] array so that it compares like the others.
        var gains = new double[memory.GainGradient[l0].Length * Lanes];
        for (var l = l0; l < l1; l++)
            for (var s = 0; s < memory.GainGradient[l].Length; s++) gains[s * Lanes + l] = memory.GainGradient[l][s];
        return ([memory.CapacitanceGradient, .. memory.FieldGradient.SelectMany(m => m), .. memory.IonGradient.SelectMany(m => m), gains], shared);
    }

    /// <summary>Every [row][lane] array of the batch: V, the solve's rows, currents, capacitance, reversal potentials, each
    /// mechanism's parameters, states and ion reads.</summary>
    private static List<(string Name, double[] Values)> SharedArrays(BatchState state)
    {
        List<(string, double[])> arrays =
        [
            ("V", state.Voltage), ("diagonal", state.Diagonal), ("rhs", state.Rhs), ("current", state.Current),
            ("conductance", state.Conductance), ("cm", state.MembraneCapacitance),
        ];
        arrays.AddRange(state.ReversalPotentials.Select(kv => ($"e{kv.Key}", kv.Value)));
        for (var m = 0; m < state.Mechanisms.Length; m++)
        {
            var mechanism = state.Mechanisms[m];
            arrays.AddRange(mechanism.Parameters.Select((p, k) => ($"parameter[{m}][{k}]", p)));
            arrays.AddRange(mechanism.States.Select((s, k) => ($"state[{m}][{k}]", s)));
            arrays.AddRange(mechanism.IonReads.Select((e, k) => ($"ion read[{m}][{k}]", e)));
        }
        return arrays;
    }

    // Every shared array has the lane as its fastest index (batch > 1), so element j belongs to lane j mod Lanes.
    private static void Poison(List<(string Name, double[] Values)> arrays, int l0, int l1)
    {
        foreach (var (_, values) in arrays)
            for (var j = 0; j < values.Length; j++)
                if (j % Lanes < l0 || j % Lanes >= l1) values[j] = PoisonValue;
    }

    private static void AssertOtherLanesPoisoned(List<(string Name, double[] Values)> arrays, int l0, int l1)
    {
        foreach (var (name, values) in arrays)
            for (var j = 0; j < values.Length; j++)
                if ((j % Lanes < l0 || j % Lanes >= l1) && Bits(values[j]) != Bits(PoisonValue))
                    Assert.Fail($"The block of lanes {l0}–{l1 - 1} changed {name} at lane {j % Lanes}, row {j / Lanes}: {values[j]}.");
    }

    private static void AssertOwnLanesEqual(List<double[]> clean, List<double[]> poisoned, int l0, int l1)
    {
        Assert.Equal(clean.Count, poisoned.Count);
        var compared = 0;
        for (var a = 0; a < clean.Count; a++)
        {
            Assert.Equal(clean[a].Length, poisoned[a].Length);
            for (var j = 0; j < clean[a].Length; j++)
            {
                if (j % Lanes < l0 || j % Lanes >= l1) continue;
                Assert.True(Bits(clean[a][j]) == Bits(poisoned[a][j]),
                    $"Result array {a}, lane {j % Lanes}, row {j / Lanes}: {clean[a][j]} without poison in the other lanes, {poisoned[a][j]} with it.");
                if (clean[a][j] != 0 && double.IsFinite(clean[a][j])) compared++;
            }
        }
        Assert.True(compared > 100, $"only {compared} nonzero results compared"); // the comparison compares something
    }

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    /// <summary>The HH axon of Gradient Diffusion Fig. 1 (11 compartments), 9 lanes with different stimuli and ek.</summary>
    private static (LoweredCell Cell, SimulationSettings Settings, Lane[] Lanes) Problem()
    {
        var cell = GradientTests.HodgkinHuxleyAxon();
        var settings = TestCells.Settings(4, 0.025, TimeScheme.BackwardEuler, Probe.Voltage("end", Location.OnBranch(1, 0.95)));
        var lanes = Enumerable.Range(0, Lanes)
            .Select(l => Lane.With(new CurrentClamp("pulse", Location.OnBranch(0, 0.5), new StepWaveform(0.5, 2, 0.2 + 0.02 * l))).WithParameter("ek", -77 + l))
            .ToArray();
        return (CellLowering.Lower(cell), settings, lanes);
    }
}
