using System.Globalization;
using System.Text;
using NeuronLab.Interactive;
using static NeuronLab.Experiments.JonesKording.JkFigures;

namespace NeuronLab.Experiments.JonesKording;

/// <summary>
/// Jones &amp; Kording CCN Fig. 3 (issue 7): All|All, ground truth §2.2, start gNa = 100 / gK = 45, full-batch Adam (lr 0.5)
/// over the authors' 100 stimuli, 200 epochs, loss = mean over 100 × 6 × 48 entries. Panels: normalised loss, loss change
/// with the post-hoc early-stopping epochs, gNa and gK trajectories, mean ground-truth errors; the authors' run overlaid.
/// </summary>
public sealed class JkFig3Experiment : IExperiment
{
    /// <summary>Epochs of the quick (CI) size: 100 stimuli × 15 epochs, about a minute on 2 cores.</summary>
    public const int QuickEpochs = 15;

    /// <summary>The brief's tolerance on the epoch-0 loss against the paper's 34.256 (a float32 run): 0.5%.</summary>
    public const double EpochZeroRelativeTolerance = 0.005;

    /// <summary>Adam's first step is ±lr·|g|/(|g|+ε) ≈ ±0.5 in every parameter, set by the gradient's signs; we require our
    /// parameters after epoch 0 to equal the authors' to 1e-3 mS/cm² (their float32 values are 100.5, 99.5, …).</summary>
    public const double FirstStepTolerance = 1e-3;

    /// <summary>
    /// Over the quick epochs our loss follows the authors' curve: relative difference ≤ 0.5% per epoch (measured 0.01% over 15 epochs). Both are the same
    /// algorithm on the same data; they differ by float32 vs float64, torchdiffeq's continuous adjoint vs our exact
    /// discrete gradient (≤ 4e-3 absolute at epoch 0) and adaptive step choices, which Adam amplifies slowly.
    /// </summary>
    public const double TrackingRelativeTolerance = 0.005;

    /// <summary>Full-size convergence criteria of the brief: normalised loss ≤ 0.01, mean GT error ≤ 0.5 (gNa) and
    /// ≤ 0.3 (gK) mS/cm² after 200 epochs (the paper reached 0.001, 0.318, 0.207).</summary>
    public const double FinalNormalisedLoss = 0.01, FinalSodiumError = 0.5, FinalPotassiumError = 0.3;

    public string Name => "jk-fig3";
    public string Description => "Jones & Kording Fig. 3: All|All fit of 12 conductances, 100 stimuli, Adam lr 0.5, 200 epochs (quick: 15)";

    public ExperimentReport Run(ExperimentContext context)
    {
        var condition = JkCondition.All[0];
        var epochs = context.Quick ? QuickEpochs : JkSetup.Epochs;
        var stimuli = JkSetup.ReadStimuli();
        var run = JkRunner.Fit(condition, stimuli, epochs, context);
        var paper = JkSetup.ReadPaperRun(condition);
        var log = run.Log;

        WriteCsv(context, log, paper, condition.RecordedCount);
        BuildFigure(log, paper, condition.RecordedCount).Save(context, "fig3");
        var claims = Claims(run, paper, epochs, context.Quick);
        File.WriteAllText(context.PathFor("report.md"), Report(run, paper, claims, context.Quick, context.Threads));
        return new ExperimentReport(claims, new Dictionary<string, object>
        {
            ["epochs"] = epochs,
            ["stimuli"] = stimuli.Length,
            ["threads"] = context.Threads,
            ["seconds_total"] = Math.Round(run.Seconds, 2),
            ["seconds_per_epoch"] = Math.Round(run.SecondsPerEpoch, 3),
            ["loss_first"] = log.Loss[0],
            ["loss_last"] = log.Loss[^1],
        });
    }

    internal static List<Claim> CommonClaims(JkRun run, JkLog paper, int epochs, bool quick)
    {
        var log = run.Log;
        var p = run.Condition.Paper;
        var id = run.Condition.Id;
        var claims = new List<Claim>();
        var rel = Math.Abs(log.Loss[0] - p.Loss0) / p.Loss0;
        claims.Add(new Claim($"{id}.epoch0-loss", $"Epoch-0 loss with the authors' stimuli ({run.Condition.Label})",
            $"{p.Loss0} within {EpochZeroRelativeTolerance:P1}", $"{F(log.Loss[0], 4)} ({rel:P3} off)", rel <= EpochZeroRelativeTolerance));
        var step = Enumerable.Range(0, 12).Max(i => Math.Abs(log.Parameters[0][i] - paper.Parameters[0][i]));
        claims.Add(new Claim($"{id}.first-step", $"Parameters after Adam's first step equal the authors' ({run.Condition.Label})",
            $"max difference <= {FirstStepTolerance} mS/cm2", $"{step:E2} mS/cm2", step <= FirstStepTolerance));
        if (quick && run.Condition.Stimulated is null && run.Condition.Recorded is null)
        {
            var worst = Enumerable.Range(0, Math.Min(epochs, paper.Epochs)).Max(e => Math.Abs(log.Loss[e] - paper.Loss[e]) / paper.Loss[e]);
            claims.Add(new Claim($"{id}.tracks-paper", $"Loss follows the authors' curve over epochs 0–{epochs - 1}",
                $"relative difference <= {TrackingRelativeTolerance:P0} per epoch", $"max {worst:P2}", worst <= TrackingRelativeTolerance));
        }
        return claims;
    }

    private List<Claim> Claims(JkRun run, JkLog paper, int epochs, bool quick)
    {
        var claims = CommonClaims(run, paper, epochs, quick);
        if (!quick)
        {
            var log = run.Log;
            var nl = log.Loss[^1] / run.Condition.RecordedCount;
            var na = log.SodiumError[^1];
            var k = log.PotassiumError[^1];
            claims.Add(new Claim("jk-fig3.converges.loss", "All|All: normalised loss after 200 epochs", $"<= {FinalNormalisedLoss}", F(nl, 5), nl <= FinalNormalisedLoss));
            claims.Add(new Claim("jk-fig3.converges.gna", "All|All: mean gNa ground-truth error after 200 epochs", $"<= {FinalSodiumError} mS/cm2", $"{F(na)} mS/cm2", na <= FinalSodiumError));
            claims.Add(new Claim("jk-fig3.converges.gk", "All|All: mean gK ground-truth error after 200 epochs", $"<= {FinalPotassiumError} mS/cm2", $"{F(k)} mS/cm2", k <= FinalPotassiumError));
        }
        return claims;
    }

    private static void WriteCsv(ExperimentContext context, JkLog log, JkLog paper, int recorded)
    {
        var sb = new StringBuilder("epoch,loss,normalised_loss,loss_change,gna_error,gk_error,");
        sb.Append(string.Join(",", Simulation.Ode.JonesKordingCell.ParameterNames)).Append(",paper_loss,paper_gna_error,paper_gk_error\n");
        var na = log.SodiumError;
        var k = log.PotassiumError;
        var change = log.Change;
        var pna = paper.SodiumError;
        var pk = paper.PotassiumError;
        for (var e = 0; e < log.Epochs; e++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{e},{log.Loss[e]:R},{log.Loss[e] / recorded:R},{(e < change.Length ? change[e].ToString("R", CultureInfo.InvariantCulture) : "")},{na[e]:R},{k[e]:R},");
            sb.Append(string.Join(",", log.Parameters[e].Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            sb.Append(CultureInfo.InvariantCulture, $",{paper.Loss[e]:R},{pna[e]:R},{pk[e]:R}\n");
        }
        File.WriteAllText(context.PathFor("fig3_epochs.csv"), sb.ToString());
    }

    private static Figure BuildFigure(JkLog log, JkLog paper, int recorded)
    {
        var x = Epochs(log.Epochs);
        var px = Epochs(paper.Epochs);
        var fig = new Figure().WithGrid(3, 2).WithSize(1000, 1000).WithTitle("Jones & Kording Fig. 3 (All|All): NeuronLab (solid) vs the authors' run (dashed)");
        fig = fig.Line(x, log.Normalised(recorded), "NeuronLab", Colours[0], 1, 1)
            .Line(px, paper.Normalised(recorded), "authors", "#999999", 1, 1, LineDash.Dash)
            .WithAxes(new Axis("epoch", 0, JkSetup.Epochs), new Axis("normalised loss", 0, 10), 1, 1);
        var change = log.Change;
        var pchange = paper.Change;
        fig = fig.Line(x[..change.Length], change, "ΔL NeuronLab", Colours[0], 1, 2, legend: false)
            .Line(px[..pchange.Length], pchange, "ΔL authors", "#999999", 1, 2, LineDash.Dash, legend: false);
        var lo = Math.Min(change.DefaultIfEmpty(0).Min(), pchange.Min());
        foreach (var (delta, i) in JkSetup.EarlyStoppingDeltas.Select((d, i) => (d, i)))
            if (log.EarlyStoppingEpoch(delta) is { } e)
                fig = fig.VerticalLine(e, lo, 0.5, $"early stop Δ={delta}", Colours[3 + i], 1, 2);
        fig = fig.WithAxes(new Axis("epoch", 0, JkSetup.Epochs), new Axis("L[e+1] − L[e]"), 1, 2);
        for (var c = 0; c < JkSetup.Compartments; c++)
        {
            fig = fig.Line(x, log.Parameters.Select(p => p[c]).ToArray(), $"gNa{c}", Colours[c], 2, 1)
                .HorizontalLine(0, JkSetup.Epochs, JkSetup.Truth[c], null, "#aaaaaa", 2, 1, false)
                .Line(x, log.Parameters.Select(p => p[JkSetup.Compartments + c]).ToArray(), $"gK{c}", Colours[c], 2, 2, legend: false)
                .HorizontalLine(0, JkSetup.Epochs, JkSetup.Truth[JkSetup.Compartments + c], null, "#aaaaaa", 2, 2, false);
        }
        fig = fig.WithAxes(new Axis("epoch", 0, JkSetup.Epochs), new Axis("gNa (mS/cm²)", 65, 130), 2, 1)
            .WithAxes(new Axis("epoch", 0, JkSetup.Epochs), new Axis("gK (mS/cm²)", 30, 65), 2, 2);
        fig = fig.Line(x, log.SodiumError, "mean gNa GTE", Colours[0], 3, 1, legend: false)
            .Line(px, paper.SodiumError, "authors gNa GTE", "#999999", 3, 1, LineDash.Dash, legend: false)
            .Line(x, log.PotassiumError, "mean gK GTE", Colours[1], 3, 2, legend: false)
            .Line(px, paper.PotassiumError, "authors gK GTE", "#999999", 3, 2, LineDash.Dash, legend: false)
            .WithAxes(new Axis("epoch", 0, JkSetup.Epochs), new Axis("mean gNa GT error (mS/cm²)", 0, 20), 3, 1)
            .WithAxes(new Axis("epoch", 0, JkSetup.Epochs), new Axis("mean gK GT error (mS/cm²)", 0, 20), 3, 2);
        return fig;
    }

    internal static string TableHeader =>
        "| Stim \\| Rec | source | loss e0 → last | nL e0 → last | gNa GTE e0 → last | gK GTE e0 → last | early stop Δ=0.01/0.005/0.001 | time | s/epoch |\n" +
        "|---|---|---|---|---|---|---|---|---|\n";

    internal static string TableRows(JkRun run)
    {
        var log = run.Log;
        var p = run.Condition.Paper;
        var n = run.Condition.RecordedCount;
        var stops = string.Join(" / ", JkSetup.EarlyStoppingDeltas.Select(d => log.EarlyStoppingEpoch(d)?.ToString(CultureInfo.InvariantCulture) ?? "–"));
        var last = log.Epochs - 1;
        var label = run.Condition.Label.Replace("|", " \\| ", StringComparison.Ordinal);
        return $"| {label} | NeuronLab (e{last}) | {F(log.Loss[0])} → {F(log.Loss[^1])} | {F(log.Loss[0] / n)} → {F(log.Loss[^1] / n)} | " +
               $"{F(log.SodiumError[0])} → {F(log.SodiumError[^1])} | {F(log.PotassiumError[0])} → {F(log.PotassiumError[^1])} | {stops} | {Clock(run.Seconds)} | {F(run.SecondsPerEpoch, 2)} |\n" +
               $"| {label} | paper (e199) | {p.Loss0} → {p.Loss199} | {p.NormalisedLoss0} → {p.NormalisedLoss199} | {p.SodiumError0} → {p.SodiumError199} | " +
               $"{p.PotassiumError0} → {p.PotassiumError199} | {(p.EarlyStopping is { } es ? string.Join(" / ", es) : "> 198")} | {p.WallTime} | {(p.SecondsPerEpoch is { } s ? F(s, 1) : "–")} |\n";
    }

    internal static string ClaimTable(IEnumerable<Claim> claims) =>
        "| claim | expected | measured | pass |\n|---|---|---|---|\n" +
        string.Concat(claims.Select(c => $"| {c.Statement} | {c.Expected} | {c.Measured} | {(c.Pass ? "yes" : "**no**")} |\n"));

    private static string Report(JkRun run, JkLog paper, IReadOnlyList<Claim> claims, bool quick, int threads) =>
        "# jk-fig3: Jones & Kording Fig. 3 (All|All)\n\n" +
        (quick ? $"**Quick size**: {run.Log.Epochs} epochs instead of 200 (same 100 stimuli); the paper's columns are after 200 epochs.\n\n" : "") +
        "Ground truth jones-kording.md §2.2, start gNa = 100, gK = 45 mS/cm², Adam (lr 0.5, full batch of the authors' 100 stimuli), " +
        "loss = mean over all 100 × 6 × 48 entries, ODE path (DP5, rtol = atol = 1e-8, float64), exact forward-sensitivity gradients. " +
        "Targets are our simulation of the ground truth (the authors' stored targets agree to 0.01 mV). GT errors (GTE) are measured after each step, as the paper's.\n\n" +
        TableHeader + TableRows(run) +
        $"\nWall time: ours {Clock(run.Seconds)} ({F(run.SecondsPerEpoch, 2)} s/epoch) on {threads} CPU thread(s); the paper's run took 4:38:21 (83.9 s/epoch) on one GPU.\n\n" +
        "## Claims\n\n" + ClaimTable(claims) +
        "\nFiles: `fig3.svg`, `fig3.html` (panels: normalised loss; loss change with early-stopping epochs; gNa and gK trajectories with ground truth; mean GT errors; the authors' run dashed), " +
        "`fig3_epochs.csv`, `runs/stim_all_rec_all/records.csv` (optimizer records, checkpoint for resume).\n";
}
