using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;
using NeuronLab.Testing;

namespace NeuronLab.Simulation.Tests.Gradients;

/// <summary>Gradients on the C4A morphology: an HH cell with region conductances, and the 17-parameter inferior-olive cell.</summary>
public sealed class BranchedCellGradientTests
{
    /// <summary>As in <see cref="GradientTests"/>: 1e-6 relative plus the finite difference's rounding noise.</summary>
    private const double FiniteDifferenceTolerance = 1e-6;
    private const double ModeAgreement = 1e-9;

    private static Morphology C4A() => SwcReader.ReadMorphology(RepoPaths.SharedData("gradient-diffusion", "C4A.swc"));

    [Fact]
    public void InferiorOlive_SeventeenParameters_MatchFiniteDifferencesInBothModes()
    {
        var cell = CellLowering.Lower(InferiorOliveCell.Create(C4A()));
        var settings = new SimulationSettings(20, 0.005, TimeScheme.BackwardEuler, [Probe.Voltage("soma", Location.OnBranch(0, 0.5), 1.0)]);
        Lane[] lanes = [Lane.With()];
        var samples = 21;
        var targets = new[] { new double[]?[] { Enumerable.Range(0, samples).Select(k => -60 + 0.3 * k).ToArray() } };
        var loss = SquaredErrorLoss.HalfMeanOverTime(targets, samples);
        var parameters = InferiorOliveCell.Conductances.Concat(InferiorOliveCell.ReversalPotentials).ToList();

        var forward = Differentiation.Gradient(cell, settings, lanes, loss, parameters, new GradientOptions(GradientMode.Forward));
        var reverse = Differentiation.Gradient(cell, settings, lanes, loss, parameters, new GradientOptions(GradientMode.Reverse));
        var (fd, noise) = GradientCheck.CentralDifferencesWithNoise(cell, settings, lanes, loss, parameters);
        for (var q = 0; q < parameters.Count; q++)
        {
            GradientCheck.AssertMatchesFiniteDifference(fd[q], noise[q], forward.Gradient[q], FiniteDifferenceTolerance, $"forward d/d{parameters[q]}");
            GradientCheck.AssertClose(forward.Gradient[q], reverse.Gradient[q], ModeAgreement, $"reverse vs forward d/d{parameters[q]}");
        }
    }

    [Fact]
    public void HodgkinHuxleyOnC4A_RegionConductances_MatchFiniteDifferencesInBothModes()
    {
        var description = new CellDescription(new MorphologyShape(C4A(), Discretization.MaxLength(40)),
                Decor.Empty.With(Region.All, new AxialResistivity(100)).With(Region.All, new InitialVoltage(-65)).With(Region.All, BuiltinMechanisms.HodgkinHuxley()))
            .WithParameter(ParameterDefinition.ForMechanism("soma.gnabar", Region.Soma, "hh", "gnabar", "S/cm2", 0.12))
            .WithParameter(ParameterDefinition.ForMechanism("dend.gkbar", Region.Dendrite, "hh", "gkbar", "S/cm2", 0.036))
            .WithParameter(ParameterDefinition.ForMechanism("dend.gl", Region.Dendrite, "hh", "gl", "S/cm2", 0.0003))
            .WithParameter(ParameterDefinition.ForMechanism("axon.gnabar", Region.Axon, "hh", "gnabar", "S/cm2", 0.12));
        var cell = CellLowering.Lower(description);
        var settings = new SimulationSettings(10, 0.025, TimeScheme.CrankNicolson, [Probe.Voltage("soma", Location.OnBranch(0, 0.5), 0.25)]);
        Lane[] lanes = [Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.5), new StepWaveform(1, 5, 1.5)))];
        var samples = 41;
        var targets = new[] { new double[]?[] { Enumerable.Repeat(-55.0, samples).ToArray() } };
        var loss = SquaredErrorLoss.HalfMeanOverTime(targets, samples);
        string[] parameters = ["soma.gnabar", "dend.gkbar", "dend.gl", "axon.gnabar"];

        var forward = Differentiation.Gradient(cell, settings, lanes, loss, parameters, new GradientOptions(GradientMode.Forward));
        var reverse = Differentiation.Gradient(cell, settings, lanes, loss, parameters, new GradientOptions(GradientMode.Reverse, MemoryBudgetBytes: 1 << 20));
        var (fd, noise) = GradientCheck.CentralDifferencesWithNoise(cell, settings, lanes, loss, parameters);
        Assert.True(forward.Recording["soma"].Values[0].Max() > 0, "the soma should spike");
        for (var q = 0; q < parameters.Length; q++)
        {
            GradientCheck.AssertMatchesFiniteDifference(fd[q], noise[q], forward.Gradient[q], FiniteDifferenceTolerance, $"forward d/d{parameters[q]}");
            GradientCheck.AssertClose(forward.Gradient[q], reverse.Gradient[q], ModeAgreement, $"reverse vs forward d/d{parameters[q]}");
        }
    }
}
