using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using NeuronLab.Fitting;
using NeuronLab.Interactive;
using NeuronLab.Model.Cells;
using NeuronLab.Optimization.Gradient;
using NeuronLab.Optimization.Records;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;
using NeuronLab.Simulation.Ode;
using static NeuronLab.Experiments.JonesKording.JkFigures;

namespace NeuronLab.Experiments.JonesKording;

/// <summary>
/// Jones &amp; Kording's 184-compartment test model (jones-kording.md §6, issue 7's extra): the jk channels on the Gidon tree
/// (<c>gidon184_edges.csv</c>; the 151 compartments connected to the soma, see <see cref="JkGidonTree"/>), coupling
/// 0.01 mS/cm², two learnable conductances per compartment (302), current levels 0–9 into every 18th compartment, all
/// recorded, full-batch Adam (lr 0.5) from gNa = 100, gK = 45. The case where gradients must scale: it runs on the
/// fixed-step path (Crank–Nicolson) with the discrete adjoint, whose cost does not grow with the parameters, where forward
/// sensitivities would carry 302 × 604 extra states.
/// </summary>
/// <remarks>
/// Not the authors' numbers: their ground truth (seeds 20230620…, drawn with torch) and stimuli are not in the data, so
/// both are drawn here with xoshiro256** from the same distributions (U(0.7, 1.3) × defaults; §3.2 with 10 levels), and the
/// loss is the mean over every step sample rather than over 48 DP5 output times.
/// </remarks>
public sealed class JkGidon184Experiment : IExperiment
{
    /// <summary>Compartments in the authors' Gidon graph (only those connected to the soma are simulated: <see cref="JkGidonTree"/>).</summary>
    public const int FileCompartments = 184;

    /// <summary>The authors' ax_weight for this tree: 0.01 mS/cm² [S/cm²].</summary>
    public const double CouplingDensity = 0.01e-3;

    /// <summary>Current levels 0…9 (i_max = 10).</summary>
    public const int CurrentLevels = 10;

    /// <summary>Stimulated compartments: 0, 18, 36, …, 180.</summary>
    public const int StimulationStride = 18;

    /// <summary>The first of the authors' 184-compartment seeds, used for our own ground truth and stimuli.</summary>
    public const ulong Seed = 20230620;

    /// <summary>Time step [ms]: 5 per 0.1 ms current bin, so bin edges fall on steps.</summary>
    public const double Dt = 0.02;

    /// <summary>Simulated time [ms] (the paper's T).</summary>
    public const double Duration = 5.0;

    /// <summary>Full size: the paper's 100 stimuli and 200 epochs.</summary>
    public const int FullStimuli = 100, FullEpochs = 200;

    /// <summary>Quick size: enough to time a gradient and see the loss fall.</summary>
    public const int QuickStimuli = 16, QuickEpochs = 3;

    /// <summary>Forward and reverse mode differentiate the same discrete scheme, so they agree to rounding; 1e-8 relative
    /// leaves room for summation order over 184 × 250 samples.</summary>
    public const double ModeAgreement = 1e-8;

    /// <summary>Central difference step [mS/cm²] and its agreement: truncation ~ h² · L''' / L' and rounding ~ ε · L / h are
    /// both below 1e-5 relative at this size.</summary>
    public const double FiniteDifferenceStep = 1e-3, FiniteDifferenceAgreement = 1e-5;

    /// <summary>"Cost independent of the number of parameters": a reverse sweep for all parameters within 1.5× of one for 12 (only
    /// the per-step accumulation into the parameter gradients grows).</summary>
    public const double ReverseScalingBound = 1.5;

    /// <summary>The full fit must reduce the loss at least 10×.</summary>
    public const double FullLossReduction = 10;

    /// <summary>Timed repeats of each gradient variant.</summary>
    public const int TimingRepeats = 5;

    /// <summary>The authors' reported cost per epoch on their GPU for this model (§6) [s].</summary>
    public const double PaperSecondsPerEpoch = 52;

    public string Name => "jk-gidon184";
    public string Description => "Jones & Kording's 184-compartment Gidon model (its soma's 151-compartment tree): 302 conductances by the discrete adjoint (quick: 16 stimuli, 3 epochs)";

    public ExperimentReport Run(ExperimentContext context)
    {
        var (stimuliCount, epochs) = context.Quick ? (QuickStimuli, QuickEpochs) : (FullStimuli, FullEpochs);
        var tree = ReadTree();
        var n = tree.Count;
        var cell = CellLowering.Lower(JonesKordingCell.Describe(n, tree.Edges, CouplingDensity));
        var stimulatedOriginal = Enumerable.Range(0, FileCompartments).Where(c => c % StimulationStride == 0).ToList();
        var stimulated = stimulatedOriginal.Select(tree.Index).OfType<int>().ToImmutableArray();
        context.Log($"{n} of {FileCompartments} compartments connected to the soma; {tree.Detached.Length} detached ({tree.DetachedEdges} edges among them); " +
            $"{stimulated.Length} of {stimulatedOriginal.Count} stimulated sites in the soma's tree");
        var problem = Problem(cell, n, stimulated, stimuliCount);
        var truth = GroundTruth.Draw([.. Enumerable.Repeat(JonesKordingCell.DefaultSodium, n), .. Enumerable.Repeat(JonesKordingCell.DefaultPotassium, n)], Seed);
        var clock = Stopwatch.StartNew();
        var objective = FitObjective.FromGroundTruth(problem, truth, new FitOptions(context.Threads, context.Cancellation));
        context.Log($"{stimuliCount} ground-truth simulations (targets) in {clock.Elapsed.TotalSeconds:F1} s");
        var start = Start(n);

        var claims = new List<Claim>();
        var (checkTable, timing) = CheckGradient(context, problem, objective, start, n, stimulated[1], claims);

        var dir = context.PathFor("run");
        clock.Restart();
        var result = FitRun.Gradient(objective, new Adam(JkSetup.LearningRate), start, FitRun.Options(objective, dir, epochs + 1) with
        {
            Observer = new EpochLog(context, epochs),
        });
        var records = FitRun.Records(dir);
        var seconds = records[^1].WallSeconds;
        var loss = records.Select(r => r.Loss).ToArray();
        var sodium = records.Select(r => GroundTruth.MeanAbsoluteError(r.Parameters, truth, Enumerable.Range(0, n))).ToArray();
        var potassium = records.Select(r => GroundTruth.MeanAbsoluteError(r.Parameters, truth, Enumerable.Range(n, n))).ToArray();
        var reduction = loss[0] / loss[^1];
        if (context.Quick)
            claims.Add(new Claim("fit.loss-falls", $"The loss falls over {epochs} Adam epochs", "final < initial", $"{F(loss[0], 4)} -> {F(loss[^1], 4)}", loss[^1] < loss[0]));
        else
            claims.Add(new Claim("fit.loss-reduction", $"{epochs} Adam epochs reduce the loss at least {FullLossReduction}×", $">= {FullLossReduction}×",
                $"{F(loss[0], 4)} -> {F(loss[^1], 4)} ({F(reduction, 1)}×)", reduction >= FullLossReduction));

        WriteFiles(context, tree, records, truth, loss, sodium, potassium, stimulated);
        var perEpoch = seconds / Math.Max(1, records.Count - 1);
        File.WriteAllText(context.PathFor("report.md"),
            "# jk-gidon184: Jones & Kording's 184-compartment model\n\n" +
            (context.Quick ? $"**Quick size**: {stimuliCount} stimuli, {epochs} epochs (full: {FullStimuli}, {FullEpochs}).\n\n" : "") +
            $"**The authors' graph is not one tree.** `gidon184_edges.csv` has {FileCompartments} compartments and 183 edges, but only {n} are connected to the soma " +
            $"(a tree, soma degree {Degree(cell, 0)}); the other {tree.Detached.Length} ({string.Join(", ", tree.Detached)}) form a separate piece with {tree.DetachedEdges} edges, " +
            "so it contains a loop and carries no current to or from the soma. The authors' dense coupling matrix runs such a graph; NeuronLab's tree solver does not, " +
            "so we simulate the soma's tree, whose voltages do not depend on the detached piece, and leave the piece out " +
            $"(with {stimulatedOriginal.Count - stimulated.Length} of the {stimulatedOriginal.Count} stimulated sites: {string.Join(", ", stimulatedOriginal.Where(c => tree.Index(c) is null))}).\n\n" +
            $"The jk channels on that tree, coupling 0.01 mS/cm², {2 * n} learnable conductances; stimulated compartments (original ids) " +
            $"{string.Join(", ", stimulatedOriginal.Where(c => tree.Index(c) is not null))}, current levels 0–{CurrentLevels - 1} µA/cm², " +
            $"all {n} recorded; Crank–Nicolson, dt = {Dt} ms, {Duration} ms; gradient by the discrete adjoint with checkpoints; Adam lr {JkSetup.LearningRate}, full batch.\n\n" +
            "Differences from the authors' run: their ground truth and stimuli are not in the data, so both are drawn here (xoshiro256**, seed " +
            $"{Seed}) from the same distributions; the loss averages every step sample (the authors': 48 DP5 output times).\n\n" +
            "## Gradient check (at the start)\n\n" + checkTable + "\n## Cost\n\n" + timing +
            $"\n## Fit\n\n| epochs | loss e0 → last | mean gNa GT error e0 → last | mean gK GT error e0 → last | wall time | s/epoch | authors (GPU) |\n|---|---|---|---|---|---|---|\n" +
            $"| {records.Count - 1} | {F(loss[0], 4)} → {F(loss[^1], 4)} | {F(sodium[0])} → {F(sodium[^1])} | {F(potassium[0])} → {F(potassium[^1])} | {Clock(seconds)} | {F(perEpoch, 2)} on {context.Threads} thread(s) | ≈ {PaperSecondsPerEpoch} |\n\n" +
            SiteErrors(records, truth, n, stimulated) +
            "`gidon184_parameters.svg` shows fitted against true values per compartment.\n\n## Claims\n\n" + JkFig3Experiment.ClaimTable(claims) +
            "\nFiles: `gidon184_fit.svg/.html` (loss and mean GT errors per epoch), `gidon184_parameters.svg/.html`, `gidon184_epochs.csv`, `gidon184_parameters.csv`, " +
            "`run/records.csv` (rerunning with the same --out resumes from the checkpoint).\n");
        return new ExperimentReport(claims, new Dictionary<string, object>
        {
            ["stimuli"] = stimuliCount,
            ["epochs"] = records.Count - 1,
            ["threads"] = context.Threads,
            ["seconds_per_epoch"] = Math.Round(perEpoch, 3),
            ["resumed"] = result.Resumed,
        });
    }

    /// <summary>The soma's tree of the authors' graph.</summary>
    public static JkGidonTree ReadTree() => JkGidonTree.Read(ExperimentContext.SharedData("jones-kording", "gidon184_edges.csv"), FileCompartments);

    private static FittingProblem Problem(LoweredCell cell, int n, ImmutableArray<int> stimulated, int count)
    {
        var currents = new JkStimulusGenerator(CurrentLevels).Generate(count, n, Seed, stimulated.ToHashSet());
        var probes = Enumerable.Range(0, n).Select(i => Probe.Voltage($"v{i}", Location.AtCompartment(i))).ToImmutableArray();
        var settings = new SimulationSettings(Duration, Dt, TimeScheme.CrankNicolson, probes);
        var names = Enumerable.Range(0, n).Select(JonesKordingCell.Sodium).Concat(Enumerable.Range(0, n).Select(JonesKordingCell.Potassium));
        return new FittingProblem(cell, new FixedStepPath(settings, GradientMode.Reverse),
            [.. names.Select(n => new FitParameter(n, JonesKordingCell.PaperConductanceUnit))],
            [.. currents.Select(s => stimulated.Select(c => JonesKordingCell.Clamp(c, s[c])).ToImmutableArray())], FitLoss.MeanOverAllEntries);
    }

    private static double[] Start(int n) =>
        [.. Enumerable.Repeat(JonesKordingCell.DefaultSodium, n), .. Enumerable.Repeat(JonesKordingCell.DefaultPotassium, n)];

    /// <summary>Reverse mode (all 2n parameters) against forward mode and central differences on four parameters, and the cost
    /// of a reverse sweep for 2n vs 12 parameters against a plain forward run.</summary>
    private static (string Table, string Timing) CheckGradient(ExperimentContext context, FittingProblem problem, FitObjective objective, double[] start,
        int n, int stimulatedSite, List<Claim> claims)
    {
        int[] checkedIndices = [0, stimulatedSite, n + 1, n + n / 2]; // gNa at the soma and a stimulated site, gK near and far
        var options = new FitOptions(context.Threads, context.Cancellation);
        var subset = problem with { Parameters = [.. checkedIndices.Select(i => problem.Parameters[i])] };
        var forwardMode = FitObjective.FromTargets(subset with { Path = ((FixedStepPath)problem.Path) with { Mode = GradientMode.Forward } }, objective.Targets, options);
        var xs = checkedIndices.Select(i => start[i]).ToArray();

        var clock = Stopwatch.StartNew();
        var reverse = objective.Evaluate(start);
        var forward = forwardMode.Evaluate(xs);
        var twelve = FitObjective.FromTargets(problem with { Parameters = [.. problem.Parameters.Take(12)] }, objective.Targets, options);
        // Interleaved, so that a change of load on a shared machine hits every variant alike.
        var times = Medians(TimingRepeats,
            () => objective.Evaluate(start, withGradient: false),
            () => objective.Evaluate(start),
            () => twelve.Evaluate(start.AsSpan(0, 12)),
            () => forwardMode.Evaluate(xs));
        var (plain, reverseSeconds, reverseTwelveSeconds, forwardSeconds) = (times[0], times[1], times[2], times[3]);
        context.Log($"gradient check and timing in {clock.Elapsed.TotalSeconds:F1} s");

        var table = new StringBuilder("| parameter | reverse mode | forward mode | central difference (h = 1e-3) | reverse vs forward | reverse vs FD |\n|---|---|---|---|---|---|\n");
        var worstModes = 0.0;
        var worstFd = 0.0;
        for (var k = 0; k < checkedIndices.Length; k++)
        {
            var i = checkedIndices[k];
            var plus = (double[])start.Clone();
            var minus = (double[])start.Clone();
            plus[i] += FiniteDifferenceStep;
            minus[i] -= FiniteDifferenceStep;
            var fd = (objective.Evaluate(plus, withGradient: false).Loss - objective.Evaluate(minus, withGradient: false).Loss) / (2 * FiniteDifferenceStep);
            var (r, f) = (reverse.Gradient[i], forward.Gradient[k]);
            var modes = Math.Abs(r - f) / Math.Max(Math.Abs(f), 1e-300);
            var fdError = Math.Abs(r - fd) / Math.Max(Math.Abs(fd), 1e-300);
            worstModes = Math.Max(worstModes, modes);
            worstFd = Math.Max(worstFd, fdError);
            table.Append(CultureInfo.InvariantCulture, $"| {problem.Parameters[i].Name} | {r:E8} | {f:E8} | {fd:E8} | {modes:E1} | {fdError:E1} |\n");
        }
        claims.Add(new Claim("gradient.modes-agree", $"Reverse mode ({2 * n} parameters) equals forward mode on {string.Join(", ", checkedIndices.Select(i => problem.Parameters[i].Name))}",
            $"relative difference <= {ModeAgreement:E0}", $"{worstModes:E1}", worstModes <= ModeAgreement));
        claims.Add(new Claim("gradient.finite-difference", "Reverse mode equals central finite differences on the same four parameters",
            $"relative difference <= {FiniteDifferenceAgreement:E0}", $"{worstFd:E1}", worstFd <= FiniteDifferenceAgreement));
        var scaling = reverseSeconds / reverseTwelveSeconds;
        claims.Add(new Claim("gradient.reverse-scales", $"The reverse-mode cost does not grow with the parameters: {2 * n} vs 12",
            $"<= {ReverseScalingBound}×", $"{F(scaling, 2)}× ({F(reverseSeconds, 2)} s vs {F(reverseTwelveSeconds, 2)} s)", scaling <= ReverseScalingBound));

        var timing = $"One loss over {problem.StimulusCount} stimuli on {context.Threads} thread(s), medians of {TimingRepeats}, interleaved: plain forward run {F(plain, 2)} s; " +
            $"reverse mode, {2 * n} parameters {F(reverseSeconds, 2)} s ({F(reverseSeconds / plain, 1)}× forward), 12 parameters {F(reverseTwelveSeconds, 2)} s; " +
            $"forward mode, 4 parameters {F(forwardSeconds, 2)} s ({F(forwardSeconds / plain, 1)}× forward; its cost grows with every parameter " +
            $"(bench: 1 + 0.5·P forward runs at best), which for {2 * n} parameters is the reason for the adjoint).\n";
        return (table.ToString(), timing);

        static double[] Medians(int repeats, params Action[] actions)
        {
            var times = actions.Select(_ => new double[repeats]).ToArray();
            for (var r = 0; r < repeats; r++)
                for (var a = 0; a < actions.Length; a++)
                {
                    var clock = Stopwatch.StartNew();
                    actions[a]();
                    times[a][r] = clock.Elapsed.TotalSeconds;
                }
            return [.. times.Select(t => t.Order().ElementAt(repeats / 2))];
        }
    }

    /// <summary>Mean GT errors at the stimulated compartments and at the others, first and last epoch: how far the data
    /// constrain conductances away from where current is injected.</summary>
    private static string SiteErrors(IReadOnlyList<RunRecord> records, ImmutableArray<double> truth, int n, ImmutableArray<int> stimulated)
    {
        var others = Enumerable.Range(0, n).Except(stimulated).ToList();
        string Row(string label, IReadOnlyList<int> sites) =>
            $"| {label} ({sites.Count}) | {F(GroundTruth.MeanAbsoluteError(records[0].Parameters, truth, sites))} → {F(GroundTruth.MeanAbsoluteError(records[^1].Parameters, truth, sites))} | " +
            $"{F(GroundTruth.MeanAbsoluteError(records[0].Parameters, truth, sites.Select(i => n + i)))} → {F(GroundTruth.MeanAbsoluteError(records[^1].Parameters, truth, sites.Select(i => n + i)))} |\n";
        return "| compartments | mean gNa GT error e0 → last | mean gK GT error e0 → last |\n|---|---|---|\n" + Row("stimulated", stimulated) + Row("not stimulated", others) + "\n";
    }

    /// <summary>Logs every tenth epoch and the last, synchronously (the run's progress on the console).</summary>
    private sealed class EpochLog(ExperimentContext context, int last) : IProgress<RunRecord>
    {
        public void Report(RunRecord r)
        {
            if (r.Iteration % 10 == 0 || r.Iteration == last) context.Log($"epoch {r.Iteration}: loss {r.Loss:G6} ({r.WallSeconds:F0} s)");
        }
    }

    private static int Degree(LoweredCell cell, int node) => cell.Parent.Count(p => p == node);

    private static void WriteFiles(ExperimentContext context, JkGidonTree tree, IReadOnlyList<RunRecord> records, ImmutableArray<double> truth, double[] loss, double[] sodium,
        double[] potassium, ImmutableArray<int> stimulated)
    {
        var n = tree.Count;
        var epochs = Epochs(records.Count);
        new Figure().WithGrid(2, 1).WithSize(700, 650).WithTitle($"jk-gidon184: {2 * n} conductances, {stimulated.Length} of {n} compartments stimulated")
            .Line(epochs, loss, "loss", Colours[0], 1, 1)
            .Line(epochs, sodium, "mean gNa GT error", Colours[1], 2, 1)
            .Line(epochs, potassium, "mean gK GT error", Colours[2], 2, 1)
            .WithAxes(new Axis("epoch"), new Axis("loss (mV²)"), 1, 1)
            .WithAxes(new Axis("epoch"), new Axis("mS/cm²"), 2, 1)
            .Save(context, "gidon184_fit");

        var final = records[^1].Parameters;
        var index = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        new Figure().WithGrid(2, 1).WithSize(900, 650).WithTitle("Fitted (dots) and true (line) conductances per compartment; stimulated compartments marked")
            .Line(index, truth.Take(n).ToArray(), "gNa true", Colours[7], 1, 1)
            .Add(new ScatterTrace([.. index], [.. final.Take(n)]) { Name = "gNa fitted", Mode = ScatterMode.Markers, Subplot = new SubplotId(1, 1) })
            .Add(new ScatterTrace([.. stimulated.Select(i => (double)i)], [.. stimulated.Select(i => final[i])]) { Name = "stimulated", Mode = ScatterMode.Markers, Subplot = new SubplotId(1, 1) })
            .Line(index, truth.Skip(n).ToArray(), "gK true", Colours[7], 2, 1, legend: false)
            .Add(new ScatterTrace([.. index], [.. final.Skip(n)]) { Name = "gK fitted", Mode = ScatterMode.Markers, Subplot = new SubplotId(2, 1) })
            .WithAxes(new Axis("compartment (ours, 0 = soma)"), new Axis("gNa (mS/cm²)"), 1, 1)
            .WithAxes(new Axis("compartment (ours, 0 = soma)"), new Axis("gK (mS/cm²)"), 2, 1)
            .Save(context, "gidon184_parameters");

        var epochsCsv = new StringBuilder("epoch,loss,gna_error,gk_error\n");
        for (var e = 0; e < records.Count; e++) epochsCsv.Append(CultureInfo.InvariantCulture, $"{e},{loss[e]:R},{sodium[e]:R},{potassium[e]:R}\n");
        File.WriteAllText(context.PathFor("gidon184_epochs.csv"), epochsCsv.ToString());
        var parametersCsv = new StringBuilder("compartment,original_id,stimulated,gna_true,gna_start,gna_final,gk_true,gk_start,gk_final\n");
        for (var i = 0; i < n; i++)
            parametersCsv.Append(CultureInfo.InvariantCulture,
                $"{i},{tree.Original[i]},{(stimulated.Contains(i) ? 1 : 0)},{truth[i]:R},{records[0].Parameters[i]:R},{final[i]:R},{truth[n + i]:R},{records[0].Parameters[n + i]:R},{final[n + i]:R}\n");
        File.WriteAllText(context.PathFor("gidon184_parameters.csv"), parametersCsv.ToString());
    }
}
