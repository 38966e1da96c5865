using System.Collections.Immutable;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;

namespace NeuronLab.Simulation.Tests;

/// <summary>Lanes, threads, parameters, probes and failure reporting of the batched simulator.</summary>
public sealed class BatchTests
{
    private static CellDescription HhWithParameters() =>
        TestCells.HodgkinHuxleyCable(11, length: 500)
            .WithParameter(ParameterDefinition.ForMechanism("gnabar", Region.All, "hh", "gnabar", "S/cm2", 0.12, 0, 1))
            .WithParameter(new ParameterDefinition("ek", "mV", -77, null, null, [new ReversalPotentialTarget(Region.All, "k")]))
            .WithParameter(new ParameterDefinition("gain", "1", 1, 0, null, [new StimulusGainTarget("i")]));

    private static IReadOnlyList<Lane> Lanes(int count) =>
        [.. Enumerable.Range(0, count).Select(k => Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.1), new StepWaveform(1, 20, 0.1 + 0.02 * k)))
            .WithParameter("gnabar", 0.08 + 0.01 * k)
            .WithParameter("ek", -80 + k)
            .WithParameter("gain", 1 + 0.1 * (k % 3)))];

    [Fact]
    public void Run_OneAndTwoThreads_GiveIdenticalResults()
    {
        var cell = HhWithParameters();
        var settings = TestCells.Settings(30, 0.025, TimeScheme.CrankNicolson,
            Probe.Voltage("v", Location.OnBranch(0, 0.5)), Probe.State("m", Location.OnBranch(0, 0.9), "hh", "m"));
        var lanes = Lanes(7);
        var one = Simulator.Run(cell, settings, lanes, new SimulationOptions(Threads: 1));
        var two = Simulator.Run(cell, settings, lanes, new SimulationOptions(Threads: 2));
        for (var p = 0; p < one.Traces.Length; p++)
            for (var l = 0; l < lanes.Count; l++)
                Assert.Equal(one.Traces[p].Values[l], two.Traces[p].Values[l]); // bit for bit
    }

    [Fact]
    public void Run_EachLane_EqualsItsOwnSingleLaneRun()
    {
        var cell = HhWithParameters();
        var settings = TestCells.Settings(25, 0.025, TimeScheme.BackwardEuler, Probe.Voltage("v", Location.OnBranch(0, 0.5)));
        var lanes = Lanes(4);
        var batch = Simulator.Run(cell, settings, lanes);
        for (var l = 0; l < lanes.Count; l++)
            Assert.Equal(Simulator.Run(cell, settings, [lanes[l]])["v"].Values[0], batch["v"].Values[l]);
        // The lanes really differ (different parameters and stimuli).
        Assert.NotEqual(batch["v"].Values[0], batch["v"].Values[3]);
    }

    [Fact]
    public void Run_StateProbeWithSamplingPeriod_RecordsEveryKthStep()
    {
        var cell = TestCells.HodgkinHuxleyCable(5, length: 200);
        var settings = TestCells.Settings(10, 0.025, TimeScheme.BackwardEuler, Probe.State("n", Location.OnBranch(0, 0.5), "hh", "n", 0.5));
        var trace = Simulator.Run(cell, settings, [Lane.With()])["n"];
        Assert.Equal(21, trace.Times.Length);
        Assert.Equal(0.5, trace.Times[1], 12);
        Assert.Equal(0.3176769140606974, trace.Values[0][0], 12); // n∞(−65 mV), as NEURON initialises it
        Assert.Equal("1", trace.Unit);
    }

    [Fact]
    public void Run_UnstableParameters_ThrowsNamingTimeLaneNodeAndState()
    {
        var cell = TestCells.PassiveCable(100, 1, 3, g: 1e-4)
            .WithParameter(ParameterDefinition.ForMechanism("g", Region.All, "pas", "g", "S/cm2", 1e-4));
        var settings = TestCells.Settings(200, 0.1, TimeScheme.BackwardEuler, Probe.Voltage("v", Location.OnBranch(0, 0.5)));
        var stimulus = new CurrentClamp("i", Location.OnBranch(0, 0.5), new StepWaveform(0, 1, 0.01));
        Lane[] lanes = [Lane.With(stimulus), Lane.With(stimulus).WithParameter("g", -0.01)]; // negative leak: exponential growth
        var e = Assert.Throws<SimulationDivergedException>(() => Simulator.Run(cell, settings, lanes, new SimulationOptions(Threads: 2)));
        Assert.Equal(1, e.Lane);
        Assert.Equal("v", e.State);
        Assert.Equal(0.1, e.Dt);
        Assert.InRange(e.Time, 0.1, 200);
        Assert.Contains("lane 1", e.Message);
        Assert.Contains("dt = 0.1 ms", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Run_StateBlowsUpWithoutTouchingV_ThrowsNamingTheState(int lanes)
    {
        // Only the state check (done inside the vectorised AdvanceState) can catch it; k > 0 on the last lane.
        var cell = TestCells.RunawayStateCable();
        var settings = TestCells.Settings(10, 0.1, TimeScheme.BackwardEuler);
        var batch = Enumerable.Range(0, lanes).Select(l => Lane.With().WithParameter("k", l == lanes - 1 ? 1e3 : 0)).ToArray();
        var e = Assert.Throws<SimulationDivergedException>(() => Simulator.Run(cell, settings, batch));
        Assert.Equal(lanes - 1, e.Lane);
        Assert.Equal("runaway.x", e.State);
        Assert.InRange(e.Time, 0.1, 1.0);
    }

    [Fact]
    public void Run_UnknownLaneParameter_ListsTheCellsParameters()
    {
        var cell = HhWithParameters();
        var settings = TestCells.Settings(1, 0.025, TimeScheme.BackwardEuler);
        var e = Assert.Throws<ArgumentException>(() => Simulator.Run(cell, settings, [Lane.With().WithParameter("gkbar", 1)]));
        Assert.Contains("gkbar", e.Message);
        Assert.Contains("gnabar", e.Message);
    }

    [Fact]
    public void Run_DurationNotMultipleOfDt_Throws()
    {
        var cell = TestCells.PassiveCable(100, 1, 3);
        Assert.Throws<ArgumentException>(() => Simulator.Run(cell, TestCells.Settings(1.01, 0.025, TimeScheme.BackwardEuler), [Lane.With()]));
    }

    [Fact]
    public void Run_Cancelled_Throws()
    {
        var cell = TestCells.HodgkinHuxleyCable(11);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Simulator.Run(cell, TestCells.Settings(100, 0.025, TimeScheme.BackwardEuler), [Lane.With()], new SimulationOptions(1, cancel.Token)));
    }

    [Fact]
    public void Run_CompartmentGraph_CouplesLikeTheEquivalentConductances()
    {
        // Two passive compartments of 100 µm² joined by 1e-3 µS, current into compartment 0 only:
        // at steady state V0 − E = I (g1 + G)/(g0 g1 + G (g0 + g1)) with g = g_pas · A · 1e-2 µS.
        var graph = new CompartmentGraph([new Compartment(0, -1, 100, 0), new Compartment(1, 0, 100, 1e-3)]);
        var cell = new CellDescription(new GraphShape(graph),
            Decor.Empty.With(Region.All, BuiltinMechanisms.Passive(), ("g", 1e-3), ("e", -70.0)).With(Region.All, new InitialVoltage(-70)));
        var settings = TestCells.Settings(200, 0.05, TimeScheme.BackwardEuler, Probe.Voltage("v0", Location.AtCompartment(0)), Probe.Voltage("v1", Location.AtCompartment(1)));
        var result = Simulator.Run(cell, settings, [Lane.With(new CurrentClamp("i", Location.AtCompartment(0), new StepWaveform(0, 1000, 1e-3)))]);
        const double g = 1e-3 * 100 * 1e-2, coupling = 1e-3, current = 1e-3;
        var v0 = current * (g + coupling) / (g * g + coupling * 2 * g);
        var v1 = v0 * coupling / (g + coupling);
        Assert.Equal(v0, result["v0"].Values[0][^1] + 70, 9);
        Assert.Equal(v1, result["v1"].Values[0][^1] + 70, 9);
    }
}
