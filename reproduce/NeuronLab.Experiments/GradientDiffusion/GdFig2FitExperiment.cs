using System.Collections.Immutable;
using NeuronLab.Fitting;
using NeuronLab.Optimization.CmaEs;
using NeuronLab.Optimization.Gradient;
using NeuronLab.Optimization.Records;
using NeuronLab.Simulation.Gradients;
using static NeuronLab.Experiments.GradientDiffusion.ExperimentFiles;

namespace NeuronLab.Experiments.GradientDiffusion;

/// <summary>
/// Landsmeer et al. 2024 Fig 2D, E, G, H: Adam vs CMA-ES fitting the inferior-olive cell to the synthetic target of
/// gradient-diffusion.md §3.4 (settings §4), through the fitting layer (<see cref="FitObjective"/>, <see cref="FitRun"/>):
/// records and resumable checkpoints under OUT/&lt;name&gt;/runs.
/// </summary>
/// <remarks>
/// A sibling of <see cref="GdFig2Experiment"/> (panels A–C), as <see cref="GdFig2fExperiment"/> is for panel F: the fits
/// take hours at the paper's size and minutes at the quick size, where panels A–C take seconds, and they keep
/// checkpoints to resume; one experiment per concept keeps gd-fig2 (and its notebook) fast. The parameter set is a
/// closed set (<see cref="IoFitParameters"/>) with one catalogue entry each: <c>gd-fig2-fit</c> (the paper's 17) and
/// <c>gd-fig2-fit-12</c> (the code's 12 conductances).
/// </remarks>
public sealed class GdFig2FitExperiment(IoFitParameters parameters = IoFitParameters.Paper17) : IExperiment
{
    /// <summary>The reference's trace [ms] (tfinal, §3.5).</summary>
    public const double FullDuration = 1000;

    /// <summary>Quick trace [ms]: more than one STO period (≈ 180 ms in the target), so the loss still sees a whole cycle.</summary>
    public const double QuickDuration = 250;

    /// <summary>Adam iterations and CMA-ES generations of Fig 2D (plot.py shows 0–300).</summary>
    public const int FullIterations = 300;

    /// <summary>
    /// Quick iterations of each optimizer. On the 250 ms trace Adam (lr 1e-2, steps of about 1 % per iteration) needs a
    /// little over 30 iterations for a 10× reduction, so 40 keeps the reduction claims checkable at the quick size
    /// (about 2 minutes on 2 busy cores). The size is chosen for the default 17 parameters: with the code's 12, Adam
    /// descends more slowly and its 10× is a full-size statement (its quick claim fails; see the 12-parameter report).
    /// </summary>
    public const int QuickIterations = 40;

    /// <summary>Adam's learning rate (optax.adam 1e-2; β 0.9/0.999, ε 1e-8 are <see cref="Adam"/>'s defaults).</summary>
    public const double LearningRate = 1e-2;

    /// <summary>CMA-ES σ0 and population (pycma CMAEvolutionStrategy(ones, 0.1, {'popsize': 20}); active CMA on).</summary>
    public const double Sigma0 = 0.1;

    /// <inheritdoc cref="Sigma0"/>
    public const int PopulationSize = 20;

    /// <summary>"Reduces the MSE" means by at least this factor from the common start x0 (Fig 2D spans decades).</summary>
    public const double RequiredReduction = 10;

    /// <summary>
    /// "About the same number of iterations" (paper): the iterations each needs for a <see cref="RequiredReduction"/>×
    /// reduction agree within this factor. The paper makes the claim by eye on a log plot of two noisy curves; a factor 3
    /// allows that, and still fails if one optimizer needs an order of magnitude more iterations.
    /// </summary>
    public const double ComparableFactor = 3;

    /// <summary>
    /// The simulations-per-iteration ratio CMA-ES : Adam must be within this relative distance of the population size.
    /// Only diverging candidates change it (the rest of their batch is simulated again and counted); a few per run keep it
    /// within 10 %, more would make "one batch per generation" untrue.
    /// </summary>
    public const double SimulationRatioTolerance = 0.1;

    /// <summary>
    /// Forward sensitivities, not the adjoint, for Adam's gradient: measured once on this cell (one lane, 250 ms, 2 cores
    /// under load ≈ 15) forward took 1.7 s for 17 parameters and 1.2 s for 12, reverse 2.9 s and 3.3 s (same gradient to
    /// the printed digits). With one lane and 17 or fewer directions the tangent pass is cheaper than the checkpointed
    /// reverse sweep.
    /// </summary>
    public const GradientMode Mode = GradientMode.Forward;

    public string Name => parameters == IoFitParameters.Paper17 ? "gd-fig2-fit" : "gd-fig2-fit-12";

    public string Description => $"Gradient Diffusion Fig 2D,E,G,H: Adam vs CMA-ES on the inferior-olive cell, {Count} parameters (quick: {QuickDuration:G} ms, {QuickIterations} iterations)";

    private int Count => parameters == IoFitParameters.Paper17 ? 17 : 12;

    public ExperimentReport Run(ExperimentContext context)
    {
        var duration = context.Quick ? QuickDuration : FullDuration;
        var iterations = context.Quick ? QuickIterations : FullIterations;
        var io = new IoSetup(IoSetup.C4APath());
        var setup = new IoFitSetup(io, parameters, duration, Mode);
        var objective = FitObjective.FromGroundTruth(setup.Problem, setup.Truth, new FitOptions(context.Threads, context.Cancellation));
        context.Log($"{Name}: {setup.Names.Length} parameters, {duration} ms, {iterations} iterations each; target simulated");

        // Each run keeps its records and checkpoint under runs/<optimizer>-<duration>ms: a rerun with the same OUT resumes.
        var adamDir = context.PathFor(Path.Combine("runs", $"adam-{duration:G}ms"));
        FitRun.Gradient(objective, new Adam(LearningRate), setup.Start.AsSpan(),
            FitRun.Options(objective, adamDir, iterations) with { Observer = new LogEvery(context, "Adam", 10) });
        var cmaDir = context.PathFor(Path.Combine("runs", $"cmaes-{duration:G}ms"));
        FitRun.CmaEs(objective, setup.Start.AsSpan(), Sigma0, (ulong)context.Seed,
            FitRun.Options(objective, cmaDir, iterations) with { Observer = new LogEvery(context, "CMA-ES", 10) },
            new CmaEsOptions { PopulationSize = PopulationSize });
        var adam = new FitCurve("Adam", FitRun.Records(adamDir));
        var cma = new FitCurve("CMA-ES", FitRun.Records(cmaDir));

        var startMse = adam.Mse[0]; // the loss at x0, the common start of both optimizers
        var claims = Claims(setup, adam, cma, startMse, context.Quick);
        var traces = IoFitTraces.Simulate(io, objective, setup.Start, adam.FinalParameters, cma.FinalParameters);
        GdFig2FitReport.Write(context, Name, setup, duration, iterations, adam, cma, startMse, traces, claims);
        return new ExperimentReport(claims, new Dictionary<string, object>
        {
            ["parameters"] = setup.Names.Length, ["duration_ms"] = duration, ["start_mse_mV2"] = startMse,
            ["adam_final_mse_mV2"] = adam.FinalMse, ["cmaes_final_mse_mV2"] = cma.FinalMse,
            ["adam_iterations"] = adam.Iterations, ["cmaes_generations"] = cma.Iterations,
            ["adam_s_per_iteration"] = adam.SecondsPerIteration.Mean, ["cmaes_s_per_generation"] = cma.SecondsPerIteration.Mean,
        });
    }

    /// <summary>
    /// The claims. Three are checked at the full size only, because at the quick size they measure the seed or the first
    /// steps rather than the fit: (1) iterations to a 10× reduction: CMA-ES's first generations are a matter of luck (with
    /// 40 generations the count moves by a factor of about 3 between seeds 1 and 20230619), while the paper's "about the
    /// same number of iterations" is read off 300; (2, 3) parameter errors: in its first iterations Adam moves every
    /// parameter by about lr per step whatever its gradient's size, so parameters the target leaves at their default drift
    /// away before the fit can pull them back; whether the fit ends nearer the target is a statement about convergence.
    /// The quick report still gives both iteration counts and every per-parameter error.
    /// </summary>
    private List<Claim> Claims(IoFitSetup setup, FitCurve adam, FitCurve cma, double startMse, bool quick)
    {
        var claims = new List<Claim>();
        foreach (var (curve, id) in new[] { (adam, "adam"), (cma, "cmaes") })
        {
            var reduction = startMse / curve.FinalMse;
            claims.Add(new Claim($"{Name}.{id}-reduces", $"{curve.Label} reduces the MSE from the common start x0 (Fig 2D)",
                $">= {F(RequiredReduction)}x", $"{F(startMse)} -> {F(curve.FinalMse)} mV^2 ({F(reduction)}x) in {curve.Iterations} iterations",
                reduction >= RequiredReduction));
        }

        var ratio = cma.SimulationsPerIteration / adam.SimulationsPerIteration;
        claims.Add(new Claim($"{Name}.simulations-per-iteration", "CMA-ES uses about 20x the simulations per iteration of Adam (paper; Fig 2G)",
            $"{PopulationSize} within {SimulationRatioTolerance:P0}",
            $"{F(cma.SimulationsPerIteration)} vs {F(adam.SimulationsPerIteration)} per iteration ({F(ratio)}x)",
            Math.Abs(ratio - PopulationSize) <= SimulationRatioTolerance * PopulationSize));
        if (quick) return claims;

        var a = adam.IterationsToReduce(startMse, RequiredReduction);
        var c = cma.IterationsToReduce(startMse, RequiredReduction);
        var comparable = a is { } ai && c is { } ci && Math.Max(ai, ci) <= ComparableFactor * Math.Max(1, Math.Min(ai, ci));
        claims.Add(new Claim($"{Name}.iterations-comparable", $"Both need about the same number of iterations (paper): iterations to a {F(RequiredReduction)}x reduction",
            $"both reached, within a factor {F(ComparableFactor)}", $"Adam {Show(a)}, CMA-ES {Show(c)}", comparable));

        foreach (var (curve, id) in new[] { (adam, "adam"), (cma, "cmaes") })
        {
            var before = MeanError(setup.Start, setup.Truth);
            var after = MeanError(curve.FinalParameters, setup.Truth);
            claims.Add(new Claim($"{Name}.{id}-parameters", $"{curve.Label}'s fitted parameters approach the target: mean |x - x_target| over the {setup.Names.Length} parameters decreases",
                "final < start", $"{F(before)} -> {F(after)} (per parameter in report.md)", after < before));
            // The parameters the target leaves at 1 start exactly on target and can only wander (the trace does not pin
            // them); those the target changes are the ones a fit has to find. Reported beside, not instead of, the above.
            var changed = Enumerable.Range(0, setup.Names.Length).Where(i => setup.Truth[i] != setup.Start[i]).ToArray();
            var changedBefore = GroundTruth.MeanAbsoluteError(setup.Start, setup.Truth, changed);
            var changedAfter = GroundTruth.MeanAbsoluteError(curve.FinalParameters, setup.Truth, changed);
            claims.Add(new Claim($"{Name}.{id}-changed-parameters", $"{curve.Label}'s fitted values of the {changed.Length} parameters the target changes approach the target: mean |x - x_target| over them decreases",
                "final < start", $"{F(changedBefore)} -> {F(changedAfter)} ({string.Join(", ", changed.Select(i => setup.Names[i]))})", changedAfter < changedBefore));
        }
        return claims;
    }

    internal static double MeanError(IReadOnlyList<double> x, IReadOnlyList<double> truth) => GroundTruth.MeanAbsoluteError(x, truth, Enumerable.Range(0, x.Count));

    private static string Show(int? iterations) => iterations is { } i ? $"{i}" : "not reached";

    /// <summary>Logs every <paramref name="every"/>-th record (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class LogEvery(ExperimentContext context, string label, int every) : IProgress<RunRecord>
    {
        public void Report(RunRecord r)
        {
            if (r.Iteration % every == 0)
                context.Log($"{label} {r.Iteration}: MSE {F(2 * r.Loss)} mV^2, {r.Simulations} simulations, {F(r.WallSeconds, "F1")} s");
        }
    }
}
