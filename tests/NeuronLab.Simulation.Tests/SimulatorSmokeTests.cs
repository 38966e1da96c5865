using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;

namespace NeuronLab.Simulation.Tests;

public sealed class SimulatorSmokeTests
{
    [Fact]
    public void Run_HodgkinHuxleyCableWithStep_Spikes()
    {
        var cell = TestCells.HodgkinHuxleyCable(11);
        var settings = TestCells.Settings(20, 0.025, TimeScheme.BackwardEuler, Probe.Voltage("v0", Location.OnBranch(0, 0.05)));
        var lane = Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.05), new StepWaveform(1, 5, 0.5)));
        var result = Simulator.Run(cell, settings, [lane]);
        var v = result["v0"].Values[0];
        Assert.Equal(-65.0, v[0], 12);
        Assert.True(v.Max() > 0, $"max V = {v.Max()}");
    }
}
