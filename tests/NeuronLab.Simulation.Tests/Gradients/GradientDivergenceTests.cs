using NeuronLab.Model.Cells;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Tests.Gradients;

public sealed class GradientDivergenceTests
{
    /// <summary>
    /// x' = k·x² carries no current, so V never shows it: only the state check catches it. In forward mode that check is
    /// the verdict the vectorised AdvanceTangent reports on the states it stores; in reverse mode, AdvanceState's.
    /// </summary>
    [Theory]
    [InlineData(GradientMode.Forward, 1)]
    [InlineData(GradientMode.Forward, 3)]
    [InlineData(GradientMode.Reverse, 3)]
    public void Gradient_StateBlowsUpWithoutTouchingV_ThrowsNamingTheState(GradientMode mode, int lanes)
    {
        var runaway = NeuronLab.Model.Nmodl.NmodlLoader.Parse("""
            NEURON { SUFFIX runaway RANGE k }
            PARAMETER { k = 0 }
            STATE { x }
            INITIAL { x = 1 }
            BREAKPOINT { SOLVE states METHOD euler }
            DERIVATIVE states { x' = k*x*x }
            """, "runaway.mod").Mechanism;
        var passive = TestCells.PassiveCable(100, 1, 3);
        var cell = CellLowering.Lower((passive with { Decor = passive.Decor.With(Region.All, runaway) })
            .WithParameter(ParameterDefinition.ForMechanism("k", Region.All, "runaway", "k", "1", 0))
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
