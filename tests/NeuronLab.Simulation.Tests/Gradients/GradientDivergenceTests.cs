using NeuronLab.Model.Cells;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Tests.Gradients;

public sealed class GradientDivergenceTests
{
    /// <summary>
    /// A state that reaches ∞ without touching V (<see cref="TestCells.RunawayStateCable"/>): in forward mode only the
    /// verdict the vectorised AdvanceTangent reports on the states it stores catches it; in reverse mode, AdvanceState's.
    /// </summary>
    [Theory]
    [InlineData(GradientMode.Forward, 1)]
    [InlineData(GradientMode.Forward, 3)]
    [InlineData(GradientMode.Reverse, 3)]
    public void Gradient_StateBlowsUpWithoutTouchingV_ThrowsNamingTheState(GradientMode mode, int lanes)
    {
        var cell = CellLowering.Lower(TestCells.RunawayStateCable()
            .WithParameter(ParameterDefinition.ForMechanism("g", Region.All, "pas", "g", "S/cm2", 1e-3)));
        var settings = TestCells.Settings(10, 0.1, TimeScheme.BackwardEuler, Probe.Voltage("v", Location.OnBranch(0, 0.5)));
        var batch = Enumerable.Range(0, lanes).Select(l => Lane.With().WithParameter("k", l == lanes - 1 ? 1e3 : 0)).ToArray();
        var targets = batch.Select(_ => new double[]?[] { new double[101] }).ToArray();
        var e = Assert.Throws<SimulationDivergedException>(() =>
            Differentiation.Gradient(cell, settings, batch, new SquaredErrorLoss(targets, 1.0), ["g"], new GradientOptions(mode)));
        Assert.Equal(lanes - 1, e.Lane);
        Assert.Equal("runaway.x", e.State);
        Assert.InRange(e.Time, 0.1, 1.0);
    }
}
