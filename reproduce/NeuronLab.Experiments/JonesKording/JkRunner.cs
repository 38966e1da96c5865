using System.Collections.Immutable;
using System.Diagnostics;
using NeuronLab.Fitting;
using NeuronLab.Optimization.Gradient;
using NeuronLab.Optimization.Records;

namespace NeuronLab.Experiments.JonesKording;

/// <summary>One fitted condition: the paper-style log, wall time, and the objective (for example traces).</summary>
public sealed record JkRun(JkCondition Condition, JkLog Log, double Seconds, FitObjective Objective)
{
    public double SecondsPerEpoch => Seconds / Log.Epochs;
}

/// <summary>Runs the paper's protocol for a condition: full-batch Adam (lr 0.5) from gNa = 100, gK = 45.</summary>
public static class JkRunner
{
    /// <summary>
    /// Fits <paramref name="condition"/> for <paramref name="epochs"/> epochs with records and checkpoint in
    /// OUT/runs/&lt;id&gt; (a rerun with the same folder resumes). The targets are the ground truth (§2.2) simulated with the
    /// condition's stimulation (unstimulated compartments zeroed, as the authors do) and masked to its recording sites.
    /// Returns the log as the paper keeps it. <paramref name="start"/> (default the paper's gNa = 100, gK = 45) and
    /// <paramref name="runName"/> (default the condition's id) let a replicate start elsewhere in its own folder.
    /// </summary>
    public static JkRun Fit(JkCondition condition, double[][][] stimuli, int epochs, ExperimentContext context, IReadOnlyList<double>? start = null, string? runName = null)
    {
        var clock = Stopwatch.StartNew();
        var objective = FitObjective.FromGroundTruth(JkSetup.Problem(condition, stimuli), JkSetup.Truth, new FitOptions(context.Threads, context.Cancellation));
        context.Log($"{condition.Label}: {stimuli.Length} ground-truth simulations (targets) in {clock.Elapsed.TotalSeconds:F1} s");
        var dir = context.PathFor(Path.Combine("runs", runName ?? condition.Id));
        var adam = new Adam(JkSetup.LearningRate);
        var options = FitRun.Options(objective, dir, epochs);
        clock.Restart();
        var progress = new Progress(context, condition, epochs);
        var result = OptimizationRun.Gradient(adam, (start ?? JkSetup.Start).ToArray(), (x, g) => progress.Report(objective.AsGradientObjective()(x, g)), options, context.Cancellation);
        if (result.Reason != StopReason.MaxIterations)
            context.Log($"{condition.Label}: stopped early ({result.Reason}) after {result.Iterations} epochs");
        var checkpoint = CheckpointFile.Load<AdamState>(Path.Combine(dir, CheckpointFile.FileName));
        var log = PaperLog(FitRun.Records(dir), adam.Parameters(checkpoint.State), result.Iterations);
        context.Log($"{condition.Label}: {result.Iterations} epochs, loss {log.Loss[0]:F4} -> {log.Loss[^1]:F4}, {checkpoint.ElapsedSeconds:F1} s ({clock.Elapsed.TotalSeconds:F1} s this session)");
        return new JkRun(condition, log, checkpoint.ElapsedSeconds, objective);
    }

    /// <summary>Loss before step e from record e; parameters after step e from record e+1, and after the last step from
    /// the checkpoint's optimizer state.</summary>
    public static JkLog PaperLog(IReadOnlyList<RunRecord> records, ImmutableArray<double> final, int epochs) =>
        new([.. records.Take(epochs).Select(r => r.Loss)], [.. records.Skip(1).Take(epochs - 1).Select(r => r.Parameters), final]);

    private sealed class Progress(ExperimentContext context, JkCondition condition, int epochs)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _epoch;

        public double Report(double loss)
        {
            if (_epoch % 10 == 0 || _epoch == epochs - 1)
                context.Log($"{condition.Label} epoch {_epoch}: loss {loss:F5} ({_clock.Elapsed.TotalSeconds:F1} s)");
            _epoch++;
            return loss;
        }
    }
}
