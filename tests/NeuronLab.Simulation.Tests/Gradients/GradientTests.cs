using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Tests.Gradients;

public sealed class GradientTests
{
    /// <summary>The bound for smooth cases; the finite difference's own rounding noise is added (GradientCheck).</summary>
    private const double FiniteDifferenceTolerance = 1e-6;

    /// <summary>Forward and reverse mode compute the same sums in different orders: agreement to rounding.</summary>
    private const double ModeAgreement = 1e-9;

    private static (LoweredCell Cell, SimulationSettings Settings, Lane[] Lanes, ITraceLoss Loss) PassiveProblem(TimeScheme scheme)
    {
        var cell = TestCells.PassiveCable(300, 1, 12, g: 2e-4, e: -65)
            .WithParameter(ParameterDefinition.ForMechanism("g", Region.All, "pas", "g", "S/cm2", 2e-4))
            .WithParameter(ParameterDefinition.ForMechanism("e", Region.All, "pas", "e", "mV", -65))
            .WithParameter(new ParameterDefinition("cm", "uF/cm2", 1.0, 0, null, [new CapacitanceTarget(Region.All)]))
            .WithParameter(new ParameterDefinition("w", "1", 1.0, null, null, [new StimulusGainTarget("i")]));
        var settings = TestCells.Settings(10, 0.025, scheme, Probe.Voltage("mid", Location.OnBranch(0, 0.5), 0.5), Probe.Voltage("end", Location.OnBranch(0, 0.95)));
        Lane[] lanes =
        [
            Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.1), new StepWaveform(1, 5, 0.02))).WithParameter("e", -70),
            Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.5), new SampledWaveform([0, 10], [0, 0.03]))).WithParameter("g", 1e-4),
        ];
        var lowered = CellLowering.Lower(cell);
        var targets = lanes.Select((_, l) => settings.Probes.Select(p => (double[]?)Enumerable.Range(0, p.SamplingPeriod > 0 ? 21 : 401).Select(k => -66.0 + 0.01 * k * (l + 1)).ToArray()).ToArray()).ToArray();
        return (lowered, settings, lanes, new SquaredErrorLoss(targets, 1e-2));
    }

    [Theory]
    [InlineData(TimeScheme.BackwardEuler)]
    [InlineData(TimeScheme.CrankNicolson)]
    public void PassiveCable_BothModes_MatchFiniteDifferencesAndEachOther(TimeScheme scheme)
    {
        var (cell, settings, lanes, loss) = PassiveProblem(scheme);
        string[] parameters = ["g", "e", "cm", "w"];
        var (fd, noise) = GradientCheck.CentralDifferencesWithNoise(cell, settings, lanes, loss, parameters);
        var forward = Differentiation.Gradient(cell, settings, lanes, loss, parameters, new GradientOptions(GradientMode.Forward));
        var reverse = Differentiation.Gradient(cell, settings, lanes, loss, parameters, new GradientOptions(GradientMode.Reverse));
        for (var q = 0; q < parameters.Length; q++)
        {
            GradientCheck.AssertMatchesFiniteDifference(fd[q], noise[q], forward.Gradient[q], FiniteDifferenceTolerance, $"forward d/d{parameters[q]}");
            GradientCheck.AssertClose(forward.Gradient[q], reverse.Gradient[q], ModeAgreement, $"reverse vs forward d/d{parameters[q]}");
        }
        Assert.Equal(forward.Loss, reverse.Loss, 12);
    }

    /// <summary>The Gradient Diffusion Fig. 1 axon (11 compartments) with parameters w (the gain of stimulus "pulse"),
    /// soma.gnabar, axon.gkbar and ek.</summary>
    internal static CellDescription HodgkinHuxleyAxon()
    {
        var segments = new List<Segment> { new(0, -1, new Point3(-10, 0, 0, 10), new Point3(10, 0, 0, 10), 1) };
        for (var k = 0; k < 10; k++) segments.Add(new Segment(k + 1, k, new Point3(10 + 40 * k, 0, 0, 0.5), new Point3(10 + 40 * (k + 1), 0, 0, 0.5), 2));
        return new CellDescription(new MorphologyShape(MorphologyBuilder.FromSegments(segments, "axon"), Discretization.OnePerSegment),
                Decor.Empty.With(Region.All, new AxialResistivity(100)).With(Region.All, new InitialVoltage(-65)).With(Region.All, BuiltinMechanisms.HodgkinHuxley()))
            .WithParameter(new ParameterDefinition("w", "1", 1.0, null, null, [new StimulusGainTarget("pulse")]))
            .WithParameter(ParameterDefinition.ForMechanism("soma.gnabar", Region.Soma, "hh", "gnabar", "S/cm2", 0.12))
            .WithParameter(ParameterDefinition.ForMechanism("axon.gkbar", Region.Axon, "hh", "gkbar", "S/cm2", 0.036))
            .WithParameter(new ParameterDefinition("ek", "mV", -77, null, null, [new ReversalPotentialTarget(Region.All, "k")]));
    }

    [Fact]
    public void HodgkinHuxleyAxon_StimulusGainAndConductances_MatchFiniteDifferences()
    {
        // w = stimulus gain, spiking during the window.
        var cell = HodgkinHuxleyAxon();
        var lowered = CellLowering.Lower(cell);
        var settings = TestCells.Settings(8, 0.025, TimeScheme.BackwardEuler,
            Probe.Voltage("soma", Location.OnBranch(0, 0.5)), Probe.Voltage("end", Location.OnBranch(1, 0.95)), Probe.State("m_end", Location.OnBranch(1, 0.95), "hh", "m"));
        Lane[] lanes = [Lane.With(new CurrentClamp("pulse", Location.OnBranch(0, 0.5), new StepWaveform(1, 2, 0.3)))];
        var samples = settings.StepCount + 1;
        var targets = new[] { new double[]?[] { Enumerable.Repeat(-60.0, samples).ToArray(), Enumerable.Repeat(-50.0, samples).ToArray(), Enumerable.Repeat(0.2, samples).ToArray() } };
        var loss = SquaredErrorLoss.HalfMeanOverTime(targets, samples);
        string[] parameters = ["w", "soma.gnabar", "axon.gkbar", "ek"];

        var (fd, noise) = GradientCheck.CentralDifferencesWithNoise(lowered, settings, lanes, loss, parameters);
        var forward = Differentiation.Gradient(lowered, settings, lanes, loss, parameters, new GradientOptions(GradientMode.Forward));
        var reverse = Differentiation.Gradient(lowered, settings, lanes, loss, parameters, new GradientOptions(GradientMode.Reverse, MemoryBudgetBytes: 1 << 16));
        Assert.True(forward.Recording["end"].Values[0].Max() > 0, "the action potential should reach the end of the axon");
        Assert.True(reverse.Statistics.CheckpointInterval > 1, "the small memory budget should force checkpointing");
        for (var q = 0; q < parameters.Length; q++)
        {
            GradientCheck.AssertMatchesFiniteDifference(fd[q], noise[q], forward.Gradient[q], FiniteDifferenceTolerance, $"forward d/d{parameters[q]}");
            GradientCheck.AssertClose(forward.Gradient[q], reverse.Gradient[q], ModeAgreement, $"reverse vs forward d/d{parameters[q]}");
        }
    }

    [Theory]
    [InlineData(GradientMode.Reverse, false)]
    [InlineData(GradientMode.Reverse, true)]
    [InlineData(GradientMode.Forward, false)]
    public void SeveralBlocksOfLanes_EqualsOneBlockBitForBit(GradientMode mode, bool checkpointing)
    {
        // 9 lanes on 3 threads: blocks of 3 lanes (scalar tails only, where one block runs two vector groups and a tail),
        // whose snapshots are strided rows of the batch arrays (one block spanning the batch copies them whole); reverse
        // mode with and without checkpoints (snapshots in several slabs); forward mode shares its tangent rows between
        // the blocks, each clearing only its own lanes.
        var (cell, settings, two, _) = PassiveProblem(TimeScheme.BackwardEuler);
        var lanes = Enumerable.Range(0, 9).Select(l => two[l % 2].WithParameter("w", 1 + 0.1 * l)).ToArray();
        var samples = settings.StepCount + 1;
        var targets = lanes.Select((_, l) => settings.Probes.Select(p => (double[]?)Enumerable.Range(0, p.SamplingPeriod > 0 ? 21 : samples).Select(k => -66.0 + 0.01 * k * (l + 1)).ToArray()).ToArray()).ToArray();
        var loss = new SquaredErrorLoss(targets, 1e-2);
        string[] parameters = ["g", "e", "cm", "w"];
        var budget = checkpointing ? 1L << 18 : long.MaxValue; // 256 KiB: too small for every step of 4 lanes (400 steps × ~2 KiB)
        var one = Differentiation.Gradient(cell, settings, lanes, loss, parameters, new GradientOptions(mode, Threads: 1, MemoryBudgetBytes: budget));
        var three = Differentiation.Gradient(cell, settings, lanes, loss, parameters, new GradientOptions(mode, Threads: 3, MemoryBudgetBytes: budget));
        if (mode == GradientMode.Reverse) Assert.Equal(checkpointing, one.Statistics.CheckpointInterval > 1);
        for (var q = 0; q < parameters.Length; q++) Assert.Equal(one.Gradient[q], three.Gradient[q]);
    }

    [Fact]
    public void Sensitivities_VoltageByGain_MatchFiniteDifferencesOfTheTrace()
    {
        var (cell, settings, lanes, _) = PassiveProblem(TimeScheme.BackwardEuler);
        var s = Differentiation.Sensitivities(cell, settings, lanes, ["w"]);
        var dvdw = s.Of("end", "w")[0];
        double[] Trace(double w) => Simulator.Run(cell, settings, [lanes[0].WithParameter("w", w)])["end"].Values[0];
        const double h = 1e-4;
        var (plus, minus) = (Trace(1 + h), Trace(1 - h));
        for (var k = 0; k < dvdw.Length; k += 40)
            Assert.Equal((plus[k] - minus[k]) / (2 * h), dvdw[k], 8);
        Assert.True(dvdw[^1] > 0.01, "a depolarising stimulus raises V: dV/dw > 0 after it starts");
    }
}

/// <summary>The Jones &amp; Kording cell on the fixed-step path: both gradient modes agree (the ODE path has forward mode only).</summary>
public sealed class JonesKordingFixedStepGradientTests
{
    [Fact]
    public void JonesKordingCell_TwelveConductances_ForwardAndReverseAgree()
    {
        var cell = NeuronLab.Simulation.Ode.JonesKordingCell.Lower();
        var probes = NeuronLab.Simulation.Ode.JonesKordingCell.Probes.Select(p => p with { SamplingPeriod = 0.1 }).ToArray();
        var settings = new SimulationSettings(5, 0.01, TimeScheme.CrankNicolson, [.. probes]);
        // S3 of jones-kording.md §7: compartment i gets 3+3i in bins 1–23 and 19−3i in bins 24–46 (µA/cm²).
        var currents = Enumerable.Range(0, 6).Select(i => (IReadOnlyList<double>)Enumerable.Range(0, 48)
            .Select(k => k is >= 1 and <= 23 ? 3.0 + 3 * i : k is >= 24 and <= 46 ? 19.0 - 3 * i : 0.0).ToArray()).ToArray();
        Lane[] lanes = [NeuronLab.Simulation.Ode.JonesKordingCell.Lane(NeuronLab.Simulation.Ode.JonesKordingCell.Uniform(100), NeuronLab.Simulation.Ode.JonesKordingCell.Uniform(45), currents)];
        var samples = settings.StepCount / 10 + 1;
        var targets = new[] { probes.Select(_ => (double[]?)Enumerable.Repeat(-65.0, samples).ToArray()).ToArray() };
        var loss = SquaredErrorLoss.JonesKording(targets, 6, samples);
        var parameters = NeuronLab.Simulation.Ode.JonesKordingCell.ParameterNames;
        var forward = Differentiation.Gradient(cell, settings, lanes, loss, parameters, new GradientOptions(GradientMode.Forward));
        var reverse = Differentiation.Gradient(cell, settings, lanes, loss, parameters, new GradientOptions(GradientMode.Reverse));
        Assert.True(forward.Recording.Traces[0].Values[0].Max() > 0, "the soma should spike under S3");
        for (var q = 0; q < parameters.Length; q++)
            GradientCheck.AssertClose(forward.Gradient[q], reverse.Gradient[q], 1e-9, $"reverse vs forward d/d{parameters[q]}");
    }
}
