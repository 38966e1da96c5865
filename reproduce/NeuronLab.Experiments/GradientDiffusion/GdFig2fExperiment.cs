using System.Diagnostics;
using System.Text;
using NeuronLab.Interactive;
using NeuronLab.Model.Catalogue;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Gradients;
using static NeuronLab.Experiments.GradientDiffusion.ExperimentFiles;

namespace NeuronLab.Experiments.GradientDiffusion;

/// <summary>
/// Landsmeer et al. 2024 Fig 2F: runtime of the inferior-olive cell on C4A with the gradient system for P = 1…17
/// parameters, relative to the forward simulation alone; forward mode (the paper's gradient diffusion) and, beside it,
/// reverse mode (the discrete adjoint). Each time is the median of several repeats; relative runtime vs P is fitted
/// by a line.
/// </summary>
public sealed class GdFig2fExperiment : IExperiment
{
    /// <summary>Simulated time [ms]: the reference's 1000 ms; quick: 200 ms (8000 steps, long enough that per-call costs
    /// such as allocating the batch state do not dominate).</summary>
    public const double FullDuration = 1000, QuickDuration = 200;

    /// <summary>Repeats per measurement (median taken).</summary>
    public const int FullRepeats = 3, QuickRepeats = 5;

    /// <summary>The parameter counts timed in a quick run (a full run times every P = 1…17).</summary>
    public static int[] QuickParameterCounts => [1, 2, 4, 8, 12, 17];

    /// <summary>Largest number of parameters: the paper's 17 (12 conductances, then the 5 reversal potentials).</summary>
    public const int MaxParameters = 17;

    /// <summary>
    /// Forward-mode cost is one tangent system per parameter, so relative runtime should be a line in P (the paper's
    /// "≈ 2× then a small slope per parameter"): we require the fit to explain this share of the variance. Timing noise
    /// is the only thing that lowers it; on the shared 2-core CI machine single ratios scatter by up to ±25 % (measured),
    /// which took R² from ≈ 0.99 to 0.94–0.97 in repeated quick runs, so 0.9 keeps the claim about the shape, not the load.
    /// </summary>
    public const double MinimumLinearFit = 0.9;

    /// <summary>
    /// Reverse mode's sweep does not depend on P (only the final contraction does), so its relative runtime may grow per
    /// parameter by at most this fraction of its own intercept: 3 % per parameter is ~50 % from P = 1 to 17 (forward mode
    /// grows several-fold over the same range), and is about three times the slope error that ±10 % timing noise on a
    /// shared machine gives the fit.
    /// </summary>
    public const double ReverseRelativeSlopeLimit = 0.03;

    /// <summary>The paper's reading of Fig 2F at P = 1: adding the gradient system about doubles the runtime.</summary>
    public const double PaperJump = 2.0;

    public string Name => "gd-fig2f";
    public string Description => "Gradient Diffusion Fig 2F: runtime of forward + gradient system vs number of parameters (forward and reverse mode) on the C4A IO cell";

    public ExperimentReport Run(ExperimentContext context)
    {
        var duration = context.Quick ? QuickDuration : FullDuration;
        var repeats = context.Quick ? QuickRepeats : FullRepeats;
        var io = new IoSetup(IoSetup.C4APath());
        var settings = new SimulationSettings(duration, IoSetup.Dt, TimeScheme.BackwardEuler, [.. io.RootProbes()]);
        var lane = io.LaneFor(Enumerable.Repeat(1.0, 12).ToArray());
        var all = InferiorOliveCell.Conductances.AddRange(InferiorOliveCell.ReversalPotentials);
        var options = new SimulationOptions(1, context.Cancellation);

        // The target for the loss: the §3.4 synthetic cell (any target times the same; this one is the paper's).
        var target = Simulator.Run(io.Lowered, settings, [io.LaneFor(IoSetup.TargetMultipliers)], options);
        var loss = SquaredErrorLoss.HalfMeanOverTime([[.. target.Traces.Select(t => t.Values[0])]], target.Traces[0].Times.Length);

        // Warm-up: kernels are generated and compiled on first use.
        Simulator.Run(io.Lowered, settings, [lane], options);
        Differentiation.Gradient(io.Lowered, settings, [lane], loss, [all[0]], new GradientOptions(GradientMode.Forward, Cancellation: context.Cancellation));
        Differentiation.Gradient(io.Lowered, settings, [lane], loss, [all[0]], new GradientOptions(GradientMode.Reverse, Cancellation: context.Cancellation));

        double Seconds(Action action)
        {
            var watch = Stopwatch.StartNew();
            action();
            return watch.Elapsed.TotalSeconds;
        }

        // Each repeat times the forward simulation right before the two gradient runs and keeps the ratios, so that
        // the load of a shared machine, which drifts over seconds, cancels; the median over repeats is reported.
        var counts = context.Quick ? QuickParameterCounts : [.. Enumerable.Range(1, MaxParameters)];
        context.Log($"{duration} ms, {repeats} repeats per point, P = {string.Join(", ", counts)}");
        var ps = counts.Select(p => (double)p).ToArray();
        var forwardRel = new double[counts.Length];
        var reverseRel = new double[counts.Length];
        var baselines = new List<double>();
        for (var k = 0; k < counts.Length; k++)
        {
            var parameters = all.Take(counts[k]).ToArray();
            var f = new double[repeats];
            var r = new double[repeats];
            for (var rep = 0; rep < repeats; rep++)
            {
                var b = Seconds(() => Simulator.Run(io.Lowered, settings, [lane], options));
                baselines.Add(b);
                f[rep] = Seconds(() => Differentiation.Gradient(io.Lowered, settings, [lane], loss, parameters, new GradientOptions(GradientMode.Forward, Cancellation: context.Cancellation))) / b;
                r[rep] = Seconds(() => Differentiation.Gradient(io.Lowered, settings, [lane], loss, parameters, new GradientOptions(GradientMode.Reverse, Cancellation: context.Cancellation))) / b;
            }
            forwardRel[k] = MedianOf(f);
            reverseRel[k] = MedianOf(r);
            context.Log($"P = {counts[k]}: forward {F(forwardRel[k])}×, reverse {F(reverseRel[k])}× of the forward simulation");
        }
        var baseline = MedianOf([.. baselines]);
        double At(double[] rel) => rel[Array.IndexOf(counts, 12)];
        var (fa, fb, fr2) = FitLine(ps, forwardRel);
        var (ra, rb, rr2) = FitLine(ps, reverseRel);

        var claims = new List<Claim>
        {
            new("gd-fig2f.forward-linear", "Forward mode: relative runtime grows linearly with the number of parameters (the shape of Fig 2F)",
                $"R² of the line >= {F(MinimumLinearFit)} and slope > 0", $"{F(fa)} + {F(fb)}·P, R² = {F(fr2)}", fr2 >= MinimumLinearFit && fb > 0),
            new("gd-fig2f.reverse-flat", "Reverse mode: relative runtime does not grow with the number of parameters",
                $"slope <= {F(ReverseRelativeSlopeLimit)} × intercept per parameter", $"{F(ra)} + {F(rb)}·P (slope/intercept {F(rb / ra)})", rb <= ReverseRelativeSlopeLimit * ra),
        };

        WriteCsv(context, "fig2f_runtime.csv", ["P", "forward_rel", "reverse_rel", "forward_sim_median_s"],
            [ps, forwardRel, reverseRel, [.. Enumerable.Repeat(baseline, ps.Length)]]);
        var figure = new Figure().WithTitle($"Fig 2F: runtime relative to the forward simulation ({F(duration)} ms, C4A IO cell)")
            .AddMarkers(ps, forwardRel, name: "forward mode (gradient diffusion)", color: "#d62728")
            .AddLine(ps, ps.Select(p => fa + fb * p), name: $"fit {F(fa, "F2")} + {F(fb, "F3")}·P", color: "#d62728", width: 1)
            .AddMarkers(ps, reverseRel, name: "reverse mode (adjoint)", color: "#1f77b4")
            .AddLine(ps, ps.Select(p => ra + rb * p), name: $"fit {F(ra, "F2")} + {F(rb, "F3")}·P", color: "#1f77b4", width: 1)
            .WithAxes(new Axis("number of parameters P", 0, MaxParameters + 1), new Axis("relative runtime", 0));
        WriteFigure(context, "fig2f", figure);

        var text = new StringBuilder();
        text.Append("# gd-fig2f: runtime of the gradient system vs number of parameters (Landsmeer et al. 2024, Fig 2F)\n\n");
        text.Append($"C4A inferior-olive cell (pycat units, {io.Lowered.CompartmentCount} compartments), {F(duration)} ms at dt = {IoSetup.Dt} ms, one lane, one thread; ");
        text.Append($"each ratio is the median over {repeats} repeats of (gradient run)/(forward simulation timed just before it), after a warm-up; the forward simulation (same probes) took {F(baseline * 1e3)} ms (median). ");
        text.Append("\"Forward + gradient\" is `Differentiation.Gradient` of the §1.8 loss against the §3.4 target: forward mode steps P tangent systems ");
        text.Append("(the paper's gradient diffusion); reverse mode runs the primal, keeps or checkpoints its states, and sweeps the adjoint once. ");
        text.Append("Parameters 1–12 are the conductances (code order), 13–17 the reversal potentials V_Na, V_K, V_Ca, V_h, V_l.\n\n");
        text.Append("| P | forward mode (× forward sim) | reverse mode (×) |\n|---|---|---|\n");
        for (var k = 0; k < ps.Length; k++) text.Append($"| {ps[k]} | {F(forwardRel[k], "F2")} | {F(reverseRel[k], "F2")} |\n");
        text.Append($"\nLine fits: forward mode {F(fa, "F2")} + {F(fb, "F3")}·P (R² {F(fr2, "F3")}); reverse mode {F(ra, "F2")} + {F(rb, "F3")}·P (R² {F(rr2, "F3")}).\n\n");
        text.Append("## Paper beside ours\n\n| | paper (Fig 2F) | NeuronLab |\n|---|---|---|\n");
        text.Append($"| adding the gradient system (P = 1) | ≈ {F(PaperJump)}× | forward {F(forwardRel[0], "F2")}×, reverse {F(reverseRel[0], "F2")}× |\n");
        text.Append($"| cost per further parameter | \"small\" | forward {F(fb, "F3")}× of a forward run, reverse {F(rb, "F3")}× |\n");
        text.Append($"| P = 12 (the optimised set) | ≈ 2× plus 11 small steps | forward {F(At(forwardRel), "F2")}×, reverse {F(At(reverseRel), "F2")}× |\n\n");
        text.Append("Our reading, not measured on Arbor [INF]: the paper's slope is small because in Arbor each extra parameter adds one diffusive ion and a few mechanism states to a simulation whose ");
        text.Append("cost is dominated by per-step overhead (Python callbacks via arbor_pycat, JAX dispatch); NeuronLab's forward simulation is cheap, so ");
        text.Append("each tangent system is a visible fraction of it. DESIGN.md's goals (forward mode <= 1 + 0.5·P forward runs, reverse mode <= 3×) are measured here ");
        text.Append($"but not claimed: at P = 12 forward mode is {F(At(forwardRel), "F2")}× (goal {F(1 + 0.5 * 12)}×), reverse mode {F(At(reverseRel), "F2")}× (goal 3×).\n\n");
        text.Append("## Claims\n\n| id | claim | expected | measured | pass |\n|---|---|---|---|---|\n");
        foreach (var c in claims) text.Append($"| {c.Id} | {c.Statement} | {c.Expected} | {c.Measured} | {(c.Pass ? "yes" : "**no**")} |\n");
        File.WriteAllText(context.PathFor("report.md"), text.ToString());

        return new ExperimentReport(claims, new Dictionary<string, object>
        {
            ["baseline_s"] = baseline, ["forward_intercept"] = fa, ["forward_slope"] = fb, ["reverse_intercept"] = ra, ["reverse_slope"] = rb,
            ["forward_rel_p12"] = At(forwardRel), ["reverse_rel_p12"] = At(reverseRel),
        });
    }

    private static double MedianOf(double[] x)
    {
        var s = x.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    /// <summary>Least squares y = a + b·x and its R².</summary>
    private static (double A, double B, double R2) FitLine(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        var sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        var sxx = x.Sum(a => (a - mx) * (a - mx));
        var syy = y.Sum(b => (b - my) * (b - my));
        var slope = sxy / sxx;
        var r2 = syy > 0 ? sxy * sxy / (sxx * syy) : 1.0;
        return (my - slope * mx, slope, r2);
    }
}
