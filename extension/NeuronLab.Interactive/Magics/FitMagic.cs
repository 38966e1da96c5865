using System.Collections.Immutable;
using NeuronLab.Fitting;
using NeuronLab.Optimization.CmaEs;
using NeuronLab.Optimization.Gradient;
using NeuronLab.Optimization.Records;

namespace NeuronLab.Interactive;

/// <summary>The optimizers <c>#!fit</c> offers.</summary>
public enum FitOptimizer
{
    /// <summary>Adam on the gradient (<see cref="FitRun.Gradient"/>).</summary>
    Adam,

    /// <summary>CMA-ES, one batch per generation (<see cref="FitRun.CmaEs"/>).</summary>
    CmaEs,
}

/// <summary>
/// <c>#!fit --problem VAR --optimizer adam|cmaes --iterations N [--lr 0.05] [--popsize 20] [--sigma 0.1] [--x0 VAR]
/// [--truth VAR] [--out DIR] [--seed 1] [--threads 1]</c>: fits the <see cref="FitObjective"/> (or the
/// <see cref="FittingProblem"/> plus <c>--truth</c>) held in a notebook variable with <see cref="FitRun.Gradient"/> or
/// <see cref="FitRun.CmaEs"/> (what the experiments call), showing a <see cref="RunMonitor"/> that
/// <see cref="RunOptions.Observer"/> updates in place each iteration, then the start, final and true parameters.
/// The interrupt button stops the run between iterations (the records and checkpoint so far stay in <c>--out</c>).
/// </summary>
public sealed class FitMagic : MagicCommand
{
    public override string Name => "fit";
    public override string Description => "Fits a FitObjective/FittingProblem held in a variable (Adam or CMA-ES) with a live run view.";
    public override string? Example => "#!fit --problem objective --optimizer adam --iterations 100 --lr 0.05";
    public override IReadOnlyList<MagicOption> Options { get; } =
    [
        new MagicOption("problem", typeof(string), "A variable holding a FitObjective (problem + targets), or a FittingProblem (then --truth).", Required: true),
        new MagicOption("optimizer", typeof(FitOptimizer), "adam (gradient) or cmaes (population).", FitOptimizer.Adam),
        new MagicOption("iterations", typeof(int), "Gradient steps (adam) or generations (cmaes).", 100),
        new MagicOption("lr", typeof(double), "Adam's learning rate, in the optimizer's unconstrained space (log space for LogBijector parameters).", 0.05),
        new MagicOption("popsize", typeof(int), "CMA-ES population size λ per generation.", 20),
        new MagicOption("sigma", typeof(double), "CMA-ES initial step size, in the unconstrained space (0.1 ≈ 10% for LogBijector parameters).", 0.1),
        new MagicOption("x0", typeof(string), "A variable holding the start (double[], optimizer units); default: the cell's parameter defaults / Scale."),
        new MagicOption("truth", typeof(string), "With a FittingProblem: a variable holding the ground truth (double[], optimizer units) that makes the targets."),
        new MagicOption("out", typeof(string), "Record folder (records.csv, records.jsonl, checkpoint.json); a run resumes from a checkpoint there. Default: a fresh temporary folder."),
        new MagicOption("seed", typeof(int), "CMA-ES seed.", 1),
        new MagicOption("threads", typeof(int), "Threads (lanes are split among them).", 1),
    ];

    /// <summary>The last run of this magic (record folder, result, records), for the next cell: <c>FitMagic.Last.Records</c>.</summary>
    public static FitMagicRun? Last { get; private set; }

    public override async Task InvokeAsync(MagicInvocation invocation, IMagicContext context, Func<Task> next)
    {
        var iterations = invocation.Get<int>("iterations");
        if (iterations < 1)
            throw new MagicException($"#!fit: --iterations must be at least 1 (got {iterations}).");
        var threads = invocation.Get<int>("threads");
        if (threads < 1)
            throw new MagicException($"#!fit: --threads must be at least 1 (got {threads}).");
        var optimizer = invocation.Get<FitOptimizer>("optimizer");
        var lr = invocation.Get<double>("lr");
        if (!(lr > 0) || !double.IsFinite(lr))
            throw new MagicException($"#!fit: --lr must be positive (got {lr}).");
        var sigma = invocation.Get<double>("sigma");
        if (!(sigma > 0) || !double.IsFinite(sigma))
            throw new MagicException($"#!fit: --sigma must be positive (got {sigma}).");
        var popsize = invocation.Get<int>("popsize");
        if (popsize < 2)
            throw new MagicException($"#!fit: --popsize must be at least 2 (got {popsize}).");

        var name = invocation.Get<string>("problem");
        var options = new FitOptions(threads, context.CancellationToken);
        var objective = Objective(context, invocation, name, options);
        var problem = objective.Problem;
        var x0 = invocation.Has("x0")
            ? Vector(context, "x0", invocation.Get<string>("x0"), problem.Parameters.Length)
            : [.. problem.Parameters.Select(p => problem.Cell.Description.Parameters.First(d => d.Name == p.Name).Default / p.Scale)];
        var directory = invocation.Has("out")
            ? Path.GetFullPath(invocation.Get<string>("out"))
            : Directory.CreateTempSubdirectory("neuronlab-fit-").FullName;

        var title = $"{(optimizer == FitOptimizer.Adam ? $"Adam (lr {lr:G3})" : $"CMA-ES (λ {popsize}, σ {sigma:G3})")} on {name}";
        context.Out.WriteLine($"{title}: {iterations} iterations, {problem.Parameters.Length} parameters, {problem.StimulusCount} stimuli; records in {directory}");
        RunResult result;
        using (var monitor = RunMonitor.Start(title, problem.ParameterNames))
        {
            var runOptions = FitRun.Options(objective, directory, iterations) with { Observer = monitor };
            result = await Task.Run(() => MagicHelpers.Load(Name, () => optimizer switch
            {
                FitOptimizer.Adam => FitRun.Gradient(objective, new Adam(lr), x0, runOptions),
                FitOptimizer.CmaEs => FitRun.CmaEs(objective, x0, sigma, (ulong)invocation.Get<int>("seed"), runOptions,
                    new CmaEsOptions { PopulationSize = popsize }),
                _ => throw new MagicException($"#!fit: unknown optimizer {optimizer}."),
            }), context.CancellationToken).ConfigureAwait(false);
        }
        var records = FitRun.Records(directory);
        Last = new FitMagicRun(directory, optimizer, result, records);
        context.Out.WriteLine($"{result.Reason} after {result.Iterations} iterations{(result.Resumed ? " (resumed from the checkpoint)" : "")}: "
            + $"best loss {HtmlView.FormatNumber(result.BestLoss)}, {result.Evaluations} evaluations, {result.Simulations} simulations.");
        Display.Show(ParameterTable(problem, x0, result.BestParameters, objective.GroundTruth, records, directory));
        await next().ConfigureAwait(false);
    }

    /// <summary>The objective of the variable, with the cell's cancellation token and the thread count.</summary>
    private static FitObjective Objective(IMagicContext context, MagicInvocation invocation, string name, FitOptions options)
    {
        var variable = context.Variables.LastOrDefault(v => v.Name == name)
            ?? throw new MagicException($"#!fit: --problem {name}: no variable '{name}' is defined. Variables: "
                + (context.Variables.Count == 0 ? "(none)" : string.Join(", ", context.Variables.Select(v => v.Name))) + ".");
        switch (variable.Value)
        {
            case FitObjective o:
                if (invocation.Has("truth"))
                    throw new MagicException($"#!fit: --problem {name} is a FitObjective, which has its targets already; drop --truth.");
                return MagicHelpers.Load("fit", () => FitObjective.FromTargets(o.Problem, o.Targets, options, o.GroundTruth.IsDefaultOrEmpty ? null : o.GroundTruth));
            case FittingProblem p:
                if (!invocation.Has("truth"))
                    throw new MagicException($"#!fit: --problem {name} is a FittingProblem without targets: give --truth VAR (ground truth, optimizer units), "
                        + "or pass a FitObjective (FitObjective.FromGroundTruth / FromTargets).");
                var truth = Vector(context, "truth", invocation.Get<string>("truth"), p.Parameters.Length);
                return MagicHelpers.Load("fit", () => FitObjective.FromGroundTruth(p, truth, options));
            default:
                throw new MagicException($"#!fit: --problem {name}: the variable is a {variable.Value?.GetType().Name ?? "null"}, not a FitObjective or FittingProblem.");
        }
    }

    private static double[] Vector(IMagicContext context, string option, string name, int length)
    {
        var variable = context.Variables.LastOrDefault(v => v.Name == name)
            ?? throw new MagicException($"#!fit: --{option} {name}: no variable '{name}' is defined.");
        var values = variable.Value as IEnumerable<double>
            ?? throw new MagicException($"#!fit: --{option} {name}: the variable is a {variable.Value?.GetType().Name ?? "null"}, not a list of numbers.");
        var array = values.ToArray();
        return array.Length == length
            ? array
            : throw new MagicException($"#!fit: --{option} {name}: {array.Length} values for {length} parameters.");
    }

    /// <summary>Start, final (best) and true values per parameter, with a link to the records.</summary>
    internal static MimeBundle ParameterTable(FittingProblem problem, IReadOnlyList<double> x0, IReadOnlyList<double> best,
        ImmutableArray<double> truth, IReadOnlyList<RunRecord> records, string directory)
    {
        var hasTruth = !truth.IsDefaultOrEmpty;
        var header = hasTruth ? new[] { "parameter", "start", "fit (best)", "truth", "error" } : ["parameter", "start", "fit (best)"];
        var rows = problem.Parameters.Select((p, i) => (IReadOnlyList<object?>)(hasTruth
            ? [p.Name, HtmlView.FormatNumber(x0[i]), HtmlView.FormatNumber(best[i]), HtmlView.FormatNumber(truth[i]), HtmlView.FormatNumber(best[i] - truth[i])]
            : [p.Name, HtmlView.FormatNumber(x0[i]), HtmlView.FormatNumber(best[i])])).ToList();
        var summary = RunView.Summary(records);
        var html = new HtmlView().Heading(summary).Table(header, rows).Paragraph($"Records: {directory} (records.csv, records.jsonl, checkpoint.json)");
        var text = summary + "\n" + string.Join("\n", rows.Select(r => string.Join("  ", r)));
        return MimeBundle.Of(MimeBundle.PlainText, text).With(MimeBundle.Html, html.ToHtml());
    }
}

/// <summary>One <c>#!fit</c> run: its record folder, optimizer, result and records (parameters in optimizer units).</summary>
public sealed record FitMagicRun(string Directory, FitOptimizer Optimizer, RunResult Result, IReadOnlyList<RunRecord> Records);
