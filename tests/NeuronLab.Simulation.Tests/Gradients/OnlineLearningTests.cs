using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;
using NeuronLab.Simulation;

namespace NeuronLab.Simulation.Tests.Gradients;

/// <summary>
/// Online learning of a leak reversal θ = E_L towards a target voltage (gradient-diffusion.md §1.7): with
/// a = b = g_l/c_m the linearised system is stable exactly when α &lt; λ(λ + g_l/c_m) (Routh–Hurwitz).
/// </summary>
public sealed class OnlineLearningTests
{
    // One passive compartment: g_l = 1e-4 S/cm², c_m = 1 µF/cm² ⇒ g_l/c_m = 0.1 /ms; λ = 0.01 /ms ⇒ bound α* = 1.1e-3.
    private const double Forgetting = 0.01, Target = -50.0;
    private static readonly double s_bound = Forgetting * (Forgetting + 0.1);

    private static OnlineLearningResult Learn(double alpha, double duration)
    {
        var graph = new CompartmentGraph([new Compartment(0, -1, 100, 0)]);
        var cell = new CellDescription(new GraphShape(graph),
                Decor.Empty.With(Region.All, BuiltinMechanisms.Passive(), ("g", 1e-4), ("e", -70.0)).With(Region.All, new InitialVoltage(-70)))
            .WithParameter(ParameterDefinition.ForMechanism("EL", Region.All, "pas", "e", "mV", -70));
        var settings = new SimulationSettings(duration, 0.1, TimeScheme.BackwardEuler, [Probe.Voltage("v", Location.AtCompartment(0))]);
        var error = new SquaredDeviation([Target], [1.0]);
        return OnlineLearning.Run(CellLowering.Lower(cell), settings, [Lane.With()], ["EL"], error, new OnlineLearningOptions(Forgetting, alpha, RecordEvery: 10));
    }

    [Fact]
    public void BelowStabilityBound_VoltageSettlesOnTarget()
    {
        var result = Learn(0.5 * s_bound, 6000);
        var v = result.Recording["v"].Values[0];
        Assert.True(Math.Abs(v[^1] - Target) < 0.05, $"final V = {v[^1]} mV, target {Target} mV");
        Assert.True(Math.Abs(result.Parameters[0][0][^1] - Target) < 0.05, $"learned E_L = {result.Parameters[0][0][^1]} mV");
    }

    [Fact]
    public void AboveStabilityBound_OscillationGrows()
    {
        // Over 1200 ms the oscillation about the target grows (left longer, it diverges past ±1000 mV).
        var result = Learn(2.0 * s_bound, 1200);
        var v = result.Recording["v"].Values[0];
        double Peak(int from, int to) => v[from..to].Max(x => Math.Abs(x - Target));
        var late = Peak(8000, 12000);
        var earlier = Peak(4000, 8000);
        Assert.True(late > 1.5 * earlier && late > 1, $"peak deviation {earlier} mV then {late} mV");
        Assert.Throws<SimulationDivergedException>(() => Learn(2.0 * s_bound, 6000));
    }
}
