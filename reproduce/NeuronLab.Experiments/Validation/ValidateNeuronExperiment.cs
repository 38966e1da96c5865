using System.Globalization;
using System.Text;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;
using NeuronLab.Model.Stimuli;
using NeuronLab.Experiments.Neuron;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Experiments.Validation;

/// <summary>
/// The same cells simulated by NeuronLab and by NEURON (Debian python3-neuron, same geometry, dt, scheme, hh with
/// tables off): an 11-compartment HH axon spiking repeatedly and a branched HH cell on the C4A morphology, each with
/// backward Euler and Crank–Nicolson. Claims per trace: RMS ≤ 0.05 mV, max ≤ 0.5 mV, every spike within one dt.
/// </summary>
public sealed class ValidateNeuronExperiment : IExperiment
{
    /// <summary>RMS difference allowed per trace [mV] (issue 2).</summary>
    public const double RmsTolerance = 0.05;
    /// <summary>Largest difference allowed per trace [mV] (issue 2).</summary>
    public const double MaxTolerance = 0.5;

    public string Name => "validate-neuron";
    public string Description => "NeuronLab vs NEURON on an HH axon and an HH cell on C4A (BE and CN): traces and spike times";

    public ExperimentReport Run(ExperimentContext context)
    {
        if (!NeuronProcess.IsAvailable())
            throw new InvalidOperationException($"NEURON is not importable by {NeuronProcess.Python}; install Debian's python3-neuron (scripts/setup.sh does).");
        var claims = new List<Claim>();
        var table = new StringBuilder("| case | probe | RMS (mV) | max (mV) | spikes ours / NEURON | max spike shift (ms) |\n|---|---|---|---|---|---|\n");
        foreach (var validationCase in Cases(context.Quick))
        {
            foreach (var scheme in new[] { TimeScheme.BackwardEuler, TimeScheme.CrankNicolson })
            {
                var id = $"{validationCase.Name}-{(scheme == TimeScheme.BackwardEuler ? "be" : "cn")}";
                context.Log($"{id}: simulating with NeuronLab and NEURON");
                var settings = validationCase.Settings with { Scheme = scheme };
                var lowered = CellLowering.Lower(validationCase.Cell);
                var ours = Simulator.Run(lowered, settings, [Lane.With([.. validationCase.Stimuli])], new SimulationOptions(context.Threads, context.Cancellation));
                var casePath = context.PathFor($"{id}.case.json");
                File.WriteAllText(casePath, NeuronCase.ToJson(lowered, settings, validationCase.Stimuli));
                var (neuron, info) = NeuronProcess.Simulate(casePath, context.PathFor($"{id}.neuron.csv"));
                WriteOurs(context.PathFor($"{id}.neuronlab.csv"), ours);
                context.Log($"{id}: NEURON {info}; NeuronLab {lowered.CompartmentCount} compartments, area {lowered.Area.Sum():F3} µm²");

                foreach (var trace in ours.Traces)
                {
                    var times = trace.Times;
                    var theirs = neuron[trace.Probe.Name];
                    if (theirs.Length != times.Length)
                        throw new InvalidOperationException($"{id}/{trace.Probe.Name}: NEURON recorded {theirs.Length} samples, NeuronLab {times.Length}.");
                    var c = TraceComparison.Compare(times, trace.Values[0], theirs);
                    var probeId = $"{id}.{trace.Probe.Name}";
                    claims.Add(new Claim($"{probeId}.rms", $"RMS difference of V at {trace.Probe.Name} ({id})", $"<= {RmsTolerance} mV", $"{F(c.Rms)} mV", c.Rms <= RmsTolerance));
                    claims.Add(new Claim($"{probeId}.max", $"Largest difference of V at {trace.Probe.Name} ({id})", $"<= {MaxTolerance} mV", $"{F(c.Max)} mV", c.Max <= MaxTolerance));
                    claims.Add(new Claim($"{probeId}.spikes", $"Every spike at {trace.Probe.Name} matched within one dt ({id})",
                        $"same count, shift <= {settings.Dt} ms", $"{c.SpikesA.Length} vs {c.SpikesB.Length} spikes, max shift {F(c.MaxSpikeShift)} ms",
                        c.SameSpikeCount && c.MaxSpikeShift <= settings.Dt));
                    table.Append(CultureInfo.InvariantCulture, $"| {id} | {trace.Probe.Name} | {F(c.Rms)} | {F(c.Max)} | {c.SpikesA.Length} / {c.SpikesB.Length} | {F(c.MaxSpikeShift)} |\n");
                }
            }
        }
        File.WriteAllText(context.PathFor("report.md"),
            "# validate-neuron: NeuronLab vs NEURON 8.2\n\n" +
            "Same geometry (NEURON sections built from NeuronLab's branches and 3-D points; NEURON computes its own areas and resistances), " +
            "same dt and scheme, NEURON's hh with tables off. Spikes are upward crossings of -20 mV.\n\n" +
            table + "\nTolerances: RMS <= 0.05 mV, max <= 0.5 mV, spikes within one dt.\n" +
            "Known principled difference: NEURON takes dI/dV by a finite difference (v + 0.001 mV), NeuronLab exactly.\n");
        return new ExperimentReport(claims);
    }

    private sealed record ValidationCase(string Name, CellDescription Cell, SimulationSettings Settings, IReadOnlyList<CurrentClamp> Stimuli);

    private static IEnumerable<ValidationCase> Cases(bool quick)
    {
        var duration = quick ? 50.0 : 100.0;
        const double dt = 0.025;

        // 11-compartment HH axon (Gradient Diffusion Fig. 1 geometry), repetitive firing from a soma step.
        var axon = new CellDescription(
            new MorphologyShape(AxonMorphology(), Discretization.OnePerSegment),
            Decor.Empty.With(Region.All, new AxialResistivity(100)).With(Region.All, new InitialVoltage(-65))
                .With(Region.All, BuiltinMechanisms.HodgkinHuxley()));
        yield return new ValidationCase("hh-axon", axon,
            new SimulationSettings(duration, dt, TimeScheme.BackwardEuler,
                [Probe.Voltage("soma", Location.OnBranch(0, 0.5)), Probe.Voltage("axon_mid", Location.OnBranch(1, 0.45)), Probe.Voltage("axon_end", Location.OnBranch(1, 0.95))]),
            [new CurrentClamp("soma_step", Location.OnBranch(0, 0.5), new StepWaveform(5, duration - 10, 0.3))]);

        // Branched HH cell on the C4A morphology.
        var c4a = SwcReader.ReadMorphology(ExperimentContext.SharedData("gradient-diffusion", "C4A.swc"));
        var tips = c4a.Branches.Where(b => !c4a.ChildrenOf(b.Id).Any() && b.Tag == 3).Select(b => b.Id).ToList();
        var farTip = tips.OrderByDescending(b => PathLength(c4a, b)).First();
        var cell = new CellDescription(new MorphologyShape(c4a, Discretization.MaxLength(20)),
            Decor.Empty.With(Region.All, new AxialResistivity(100)).With(Region.All, new InitialVoltage(-65))
                .With(Region.All, BuiltinMechanisms.HodgkinHuxley()));
        yield return new ValidationCase("c4a-hh", cell,
            new SimulationSettings(duration, dt, TimeScheme.BackwardEuler,
                [Probe.Voltage("soma", Location.OnBranch(0, 0.5)), Probe.Voltage("dend_tip", Location.OnBranch(farTip, 0.9)), Probe.Voltage("dend_mid", Location.OnBranch(tips[tips.Count / 2], 0.5))]),
            [new CurrentClamp("soma_step", Location.OnBranch(0, 0.5), new StepWaveform(5, duration - 10, 2.0))]);
    }

    private static double PathLength(Morphology m, int branch)
    {
        var length = 0.0;
        for (var b = branch; b >= 0; b = m.Branches[b].Parent) length += m.BranchLength(b);
        return length;
    }

    private static Morphology AxonMorphology()
    {
        var segments = new List<Segment> { new(0, -1, new Point3(-10, 0, 0, 10), new Point3(10, 0, 0, 10), 1) };
        for (var k = 0; k < 10; k++)
            segments.Add(new Segment(k + 1, k, new Point3(10 + 40 * k, 0, 0, 0.5), new Point3(10 + 40 * (k + 1), 0, 0, 0.5), 2));
        return MorphologyBuilder.FromSegments(segments, "hh-axon");
    }

    private static void WriteOurs(string path, SimulationResult result)
    {
        var sb = new StringBuilder("t," + string.Join(",", result.Traces.Select(t => t.Probe.Name)) + "\n");
        var times = result.Traces[0].Times;
        for (var i = 0; i < times.Length; i++)
            sb.Append(F(times[i])).Append(',').AppendJoin(',', result.Traces.Select(t => t.Values[0][i].ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        File.WriteAllText(path, sb.ToString());
    }

    private static string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
