using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Tests;

/// <summary>
/// The per-step divergence check: a vectorised pass decides, the lane-by-lane scan only runs when something is wrong.
/// A pass that wrongly says "wrong" costs a full scan every step and changes no result, so it is tested here directly.
/// </summary>
public sealed class DivergenceCheckTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(6)]  // one full group of 4 and a partial one
    public void AllFinite_OnAHealthyCell_IsTrueBeforeAndAfterAStep(int lanes)
    {
        var block = HealthyBlock(lanes);
        block.Initialize();
        Assert.True(block.AllFinite()); // no state verdict yet: V and every state scanned

        block.ComputeCurrents(0);
        block.Assemble(0);
        block.Solve();
        block.AdvanceVoltage(block.State.Rhs);
        block.AdvanceStates(0);
        Assert.True(block.AllFinite()); // the verdicts of AdvanceVoltage and AdvanceState used
        Assert.True(block.AllFinite()); // verdicts consumed: V and states scanned again
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void AllFinite_WithOneVoltageOutOfRange_IsFalse(int lanes)
    {
        var block = HealthyBlock(lanes);
        block.Initialize();
        block.State.Voltage[3 * lanes + lanes - 1] = 2 * Simulator.VoltageLimit;
        Assert.False(block.AllFinite());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void AllFinite_AfterAVoltageStepOutOfRange_IsFalse(int lanes)
    {
        var block = HealthyBlock(lanes);
        block.Initialize();
        var delta = new double[block.State.Voltage.Length];
        delta[5 * lanes + lanes - 1] = 2 * Simulator.VoltageLimit; // the last lane: the scalar tail when lanes = 6
        block.AdvanceVoltage(delta);
        Assert.False(block.AllFinite());

        delta[5 * lanes + lanes - 1] = 0;
        delta[5 * lanes] = double.NaN; // lane 0: in a vector group when lanes = 6
        block.Initialize();
        block.AdvanceVoltage(delta);
        Assert.False(block.AllFinite());
    }

    private static LaneBlock HealthyBlock(int lanes)
    {
        var cell = CellLowering.Lower(TestCells.HodgkinHuxleyCable(11));
        var settings = TestCells.Settings(1, 0.025, TimeScheme.BackwardEuler);
        var lane = Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.05), new StepWaveform(0, 1, 0.5)));
        var state = new BatchState(cell, [.. Enumerable.Repeat(lane, lanes)], settings);
        return new LaneBlock(state, settings, 0, lanes);
    }
}
