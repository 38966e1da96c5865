using System.Collections.Immutable;
using NeuronLab.Optimization.Bijectors;
using NeuronLab.Optimization.CmaEs;
using NeuronLab.Optimization.Gradient;
using NeuronLab.Optimization.Records;

namespace NeuronLab.Fitting;

/// <summary>
/// Runs a <see cref="FitObjective"/> through <see cref="OptimizationRun"/>: records.csv/records.jsonl per iteration
/// (loss, parameters in optimizer units, gradient norm, distance to the ground truth, simulations used, wall time) and
/// checkpoint.json, so that calling again with the same directory resumes bit-identically.
/// </summary>
/// <example>
/// <code>
/// var run = FitRun.Gradient(objective, new Adam(0.5), x0, FitRun.Options(objective, "out/fit", 200));
/// var cma = FitRun.CmaEs(objective, x0, sigma0: 5, seed: 1, FitRun.Options(objective, "out/cma", 100));
/// </code>
/// </example>
public static class FitRun
{
    /// <summary>Run options for <paramref name="objective"/>: its parameter names, ground truth (if known), bijector
    /// (if any parameter has one) and simulations per evaluation (the number of stimuli).</summary>
    public static RunOptions Options(FitObjective objective, string recordDirectory, int maxIterations)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var problem = objective.Problem;
        return new RunOptions(recordDirectory, maxIterations)
        {
            ParameterNames = problem.ParameterNames,
            GroundTruth = objective.GroundTruth,
            Bijector = Bijector(problem),
            SimulationsPerEvaluation = problem.StimulusCount,
        };
    }

    /// <summary>The problem's bijector: null when no parameter has one, else identity where none is given.</summary>
    public static VectorBijector? Bijector(FittingProblem problem) =>
        problem.Parameters.All(p => p.Bijector is null)
            ? null
            : new VectorBijector([.. problem.Parameters.Select(p => p.Bijector ?? new IdentityBijector())]);

    /// <summary>A gradient optimizer (Adam, SGD) from <paramref name="x0"/> (optimizer units); resumes from a checkpoint.</summary>
    public static RunResult Gradient<TState>(FitObjective objective, IGradientOptimizer<TState> optimizer, ReadOnlySpan<double> x0, RunOptions options)
        where TState : class =>
        OptimizationRun.Gradient(optimizer, x0, objective.AsGradientObjective(), options, objective.Options.Cancellation);

    /// <summary>CMA-ES from <paramref name="x0"/> with step size <paramref name="sigma0"/> (in the optimizer's unconstrained
    /// space), each generation evaluated as one batch of λ × stimuli lanes; resumes from a checkpoint.</summary>
    public static RunResult CmaEs(FitObjective objective, ReadOnlySpan<double> x0, double sigma0, ulong seed, RunOptions options, CmaEsOptions? cmaOptions = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        var u0 = options.Bijector?.Inverse(x0) ?? x0.ToArray();
        var cma = new CmaEs(u0.Length, cmaOptions);
        return OptimizationRun.AskTell(cma, cma.Init(u0, sigma0, seed), objective.AsBatchObjective(), options, objective.Options.Cancellation);
    }

    /// <summary>The records of a run directory (records.jsonl).</summary>
    public static IReadOnlyList<RunRecord> Records(string recordDirectory) => RunRecorder.ReadJsonLines(recordDirectory);

    /// <summary>
    /// Jones &amp; Kording's per-epoch log from a gradient run's records: loss[e] is the loss evaluated before step e,
    /// parameters[e] the parameters after step e, i.e. record e+1's point (jones-kording.md §4). Needs epochs + 1 records.
    /// </summary>
    public static (ImmutableArray<double> Loss, ImmutableArray<ImmutableArray<double>> Parameters) PaperLog(IReadOnlyList<RunRecord> records, int epochs)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count < epochs + 1) throw new ArgumentException($"Need {epochs + 1} records for {epochs} epochs, have {records.Count}.", nameof(records));
        return ([.. records.Take(epochs).Select(r => r.Loss)], [.. records.Skip(1).Take(epochs).Select(r => r.Parameters)]);
    }
}
