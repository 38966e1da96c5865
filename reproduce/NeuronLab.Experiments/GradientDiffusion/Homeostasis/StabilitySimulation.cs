using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Experiments.GradientDiffusion.Homeostasis;

/// <summary>
/// The §1.7 system simulated on the engine: one passive compartment learns θ = E_L online (<see cref="OnlineLearning"/>,
/// the full nonlinear eq 16–19 with G stepped as a sensitivity) so that V reaches <see cref="TargetVoltage"/>.
/// </summary>
public static class StabilitySimulation
{
    /// <summary>Leak conductance 0.3 mS/cm² (the eighh cell's g_L) with c_m = 1 µF/cm²: g_l/c_m = 0.3 /ms.</summary>
    public const double LeakConductance = 3e-4; // [S/cm²]

    /// <summary>g_l/c_m [1/ms].</summary>
    public const double LeakRate = 0.3;

    /// <summary>V_tgt [mV]; θ starts at the eighh leak reversal −53 mV, so the initial deviation is 3 mV.</summary>
    public const double TargetVoltage = -50, InitialReversal = -53;

    /// <summary>dt [ms]: backward Euler, 1/30 of the fastest time constant c_m/g_l = 3.3 ms.</summary>
    public const double Dt = 0.1;

    /// <summary>The outcome of one run: times [ms], θ(t) [mV], and whether the engine stopped it as diverged.</summary>
    public sealed record Run(double Alpha, double[] Times, double[] Theta, bool Diverged);

    /// <summary>Simulates <paramref name="duration"/> ms with learning rate <paramref name="alpha"/> and forgetting <paramref name="forgetting"/>.</summary>
    public static Run Simulate(double alpha, double forgetting, double duration, int recordEvery = 10)
    {
        var graph = new CompartmentGraph([new Compartment(0, -1, 100, 0)]);
        var cell = new CellDescription(new GraphShape(graph),
                Decor.Empty
                    .With(Region.All, new MembraneCapacitance(1.0))
                    .With(Region.All, BuiltinMechanisms.Passive(), ("g", LeakConductance), ("e", InitialReversal))
                    .With(Region.All, new InitialVoltage(InitialReversal)))
            .WithParameter(ParameterDefinition.ForMechanism("EL", Region.All, "pas", "e", "mV", InitialReversal));
        var settings = new SimulationSettings(duration, Dt, TimeScheme.BackwardEuler, [Probe.Voltage("v", Location.AtCompartment(0))]);
        var error = new SquaredDeviation([TargetVoltage], [1.0]);
        try
        {
            var result = OnlineLearning.Run(CellLowering.Lower(cell), settings, [Lane.With()], ["EL"], error,
                new OnlineLearningOptions(forgetting, alpha, RecordEvery: recordEvery));
            return new Run(alpha, result.Times, result.Parameters[0][0], false);
        }
        catch (SimulationDivergedException)
        {
            return new Run(alpha, [], [], true);
        }
    }

    /// <summary>
    /// Envelope growth rate [1/ms] of the deviation |θ − V_tgt|: ln(peak over the last third / peak over the middle
    /// third) divided by the distance between the thirds. For a linear system the envelope is ∝ e^{σt} with σ the
    /// largest real part of M's eigenvalues, so this estimates σ: negative settles, positive grows. Using peaks over
    /// windows longer than one oscillation period makes it insensitive to the phase.
    /// </summary>
    public static double EnvelopeGrowthRate(Run run)
    {
        if (run.Diverged) return double.PositiveInfinity;
        var n = run.Theta.Length;
        double Peak(int from, int to)
        {
            var peak = 0.0;
            for (var i = from; i < to; i++) peak = Math.Max(peak, Math.Abs(run.Theta[i] - TargetVoltage));
            return peak;
        }
        var middle = Peak(n / 3, 2 * n / 3);
        var last = Peak(2 * n / 3, n);
        var span = run.Times[2 * n / 3] - run.Times[n / 3];
        return Math.Log(last / middle) / span;
    }
}
