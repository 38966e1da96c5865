using System.Collections.Immutable;
using System.Diagnostics;
using NeuronLab.Optimization.Gradient;
using NeuronLab.Optimization.Objectives;
using NeuronLab.Optimization.Stopping;

namespace NeuronLab.Optimization.Records;

/// <summary>
/// The generic run driver. Each iteration it evaluates, appends a <see cref="RunRecord"/> to records.csv and
/// records.jsonl (flushed), updates the optimizer and writes checkpoint.json atomically. When the record directory
/// already holds a checkpoint the run continues from it; since the optimizer state (with its RNG state) is stored
/// with round-trip doubles, the continued run produces the same records, bit for bit, as an uninterrupted one
/// (except the wall-time column). Cancellation is checked before each iteration and throws
/// <see cref="OperationCanceledException"/>; the checkpoint of the last finished iteration stays on disk.
/// </summary>
public static class OptimizationRun
{
    /// <summary>Runs a gradient optimizer on <paramref name="objective"/>.</summary>
    /// <typeparam name="TState">The optimizer's state record.</typeparam>
    /// <param name="optimizer">E.g. <see cref="Adam"/> or <see cref="Sgd"/>.</param>
    /// <param name="x0">Start point in constrained (objective) space; ignored when resuming.</param>
    /// <param name="objective">Value and gradient in constrained space.</param>
    /// <param name="options">Record directory, iteration limit, bijector, early stopping, ground truth.</param>
    /// <param name="cancellationToken">Stops the run between iterations.</param>
    public static RunResult Gradient<TState>(IGradientOptimizer<TState> optimizer, ReadOnlySpan<double> x0, GradientObjective objective,
        RunOptions options, CancellationToken cancellationToken = default) where TState : class
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        var n = x0.Length;
        var start = x0.ToArray();
        var session = Session<TState>.Start(options, n, () => optimizer.Init(options.Bijector?.Inverse(start) ?? start));
        var x = new double[n];
        var gx = new double[n];
        var gu = new double[n];
        var s = session.Checkpoint;
        using var recorder = session.Recorder;
        while (s.NextIteration < options.MaxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var u = optimizer.Parameters(s.State).AsSpan();
            ToConstrained(options, u, x);
            Array.Clear(gx);
            var loss = objective(x, gx);
            var evaluations = s.Evaluations + 1;
            var simulations = s.Simulations + options.SimulationsPerEvaluation;
            if (options.Bijector is { } bij) bij.PullBackGradient(u, gx, gu);
            else gx.CopyTo(gu, 0);
            var record = new RunRecord(s.NextIteration, loss, [.. x], Norm(gx), Distance(options, x), evaluations, simulations,
                session.Elapsed(s));
            recorder.Append(record);
            options.Observer?.Report(record);
            if (!double.IsFinite(loss))
                return Finish(s with { Evaluations = evaluations, Simulations = simulations }, StopReason.NonFiniteLoss, session);
            var (early, stop) = options.EarlyStopping?.Update(s.EarlyStopping, loss) ?? (s.EarlyStopping, EarlyStopReason.None);
            var (_, next) = optimizer.Step(s.State, gu);
            s = s with
            {
                NextIteration = s.NextIteration + 1,
                Evaluations = evaluations,
                Simulations = simulations,
                ElapsedSeconds = session.Elapsed(s),
                BestLoss = loss < s.BestLoss ? loss : s.BestLoss,
                BestParameters = loss < s.BestLoss ? [.. x] : s.BestParameters,
                EarlyStopping = early,
                State = next,
            };
            session.Save(s);
            if (stop != EarlyStopReason.None)
                return Finish(s, stop == EarlyStopReason.TargetLoss ? StopReason.TargetLoss : StopReason.Patience, session);
        }
        return Finish(s, StopReason.MaxIterations, session);
    }

    /// <summary>Runs an ask/tell optimizer (e.g. CMA-ES) on a batch objective, one generation per iteration.</summary>
    /// <typeparam name="TState">The optimizer's state record.</typeparam>
    /// <param name="optimizer">E.g. <see cref="CmaEs.CmaEs"/> or <see cref="CmaEs.RestartCmaEs"/>.</param>
    /// <param name="initialState">The optimizer's initial state, built in unconstrained space (apply
    /// <see cref="Bijectors.VectorBijector.Inverse(ReadOnlySpan{double})"/> to x0 first); ignored when resuming.</param>
    /// <param name="objective">Evaluates a whole population (constrained space) at once.</param>
    /// <param name="options">Record directory, iteration limit, bijector, early stopping, ground truth.</param>
    /// <param name="cancellationToken">Stops the run between generations.</param>
    /// <remarks>Each record holds the best candidate of its generation.</remarks>
    public static RunResult AskTell<TState>(IAskTellOptimizer<TState> optimizer, TState initialState, BatchObjective objective,
        RunOptions options, CancellationToken cancellationToken = default) where TState : class
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(initialState);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        var n = optimizer.BestParameters(initialState).Length;
        var session = Session<TState>.Start(options, n, () => initialState);
        var s = session.Checkpoint;
        using var recorder = session.Recorder;
        while (s.NextIteration < options.MaxIterations)
        {
            if (optimizer.IsDone(s.State))
                return Finish(s, StopReason.OptimizerDone, session);
            cancellationToken.ThrowIfCancellationRequested();
            var (asked, candidates) = optimizer.Ask(s.State);
            var xs = new double[candidates.Length][];
            for (var k = 0; k < xs.Length; k++)
            {
                xs[k] = new double[n];
                ToConstrained(options, candidates[k].AsSpan(), xs[k]);
            }
            var losses = new double[xs.Length];
            objective(xs, losses);
            var best = 0;
            for (var k = 1; k < losses.Length; k++)
                if (Order(losses[k]) < Order(losses[best])) best = k;
            var evaluations = s.Evaluations + xs.Length;
            var simulations = s.Simulations + (long)xs.Length * options.SimulationsPerEvaluation;
            var loss = losses[best];
            var record = new RunRecord(s.NextIteration, loss, [.. xs[best]], null, Distance(options, xs[best]), evaluations, simulations,
                session.Elapsed(s));
            recorder.Append(record);
            options.Observer?.Report(record);
            var told = optimizer.Tell(asked, losses);
            var (early, stop) = options.EarlyStopping?.Update(s.EarlyStopping, loss) ?? (s.EarlyStopping, EarlyStopReason.None);
            var improved = Order(loss) < s.BestLoss;
            s = s with
            {
                NextIteration = s.NextIteration + 1,
                Evaluations = evaluations,
                Simulations = simulations,
                ElapsedSeconds = session.Elapsed(s),
                BestLoss = improved ? loss : s.BestLoss,
                BestParameters = improved ? [.. xs[best]] : s.BestParameters,
                EarlyStopping = early,
                State = told,
            };
            session.Save(s);
            if (stop != EarlyStopReason.None)
                return Finish(s, stop == EarlyStopReason.TargetLoss ? StopReason.TargetLoss : StopReason.Patience, session);
        }
        return Finish(s, optimizer.IsDone(s.State) ? StopReason.OptimizerDone : StopReason.MaxIterations, session);
    }

    private static double Order(double loss) => double.IsNaN(loss) ? double.PositiveInfinity : loss;

    private static void ToConstrained(RunOptions options, ReadOnlySpan<double> u, Span<double> x)
    {
        if (options.Bijector is { } bij) bij.Forward(u, x);
        else u.CopyTo(x);
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        var s = 0.0;
        foreach (var a in v) s += a * a;
        return Math.Sqrt(s);
    }

    private static double? Distance(RunOptions options, ReadOnlySpan<double> x)
    {
        if (options.GroundTruth.IsDefaultOrEmpty) return null;
        if (options.GroundTruth.Length != x.Length)
            throw new ArgumentException($"GroundTruth has {options.GroundTruth.Length} entries, parameters {x.Length}.", nameof(options));
        var s = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var d = x[i] - options.GroundTruth[i];
            s += d * d;
        }
        return Math.Sqrt(s);
    }

    private static RunResult Finish<TState>(Checkpoint<TState> s, StopReason reason, Session<TState> session) where TState : class =>
        new(reason, s.NextIteration, s.BestLoss, s.BestParameters, s.Evaluations, s.Simulations, session.Resumed);

    /// <summary>Opens (or resumes) the record directory of one call.</summary>
    private sealed class Session<TState> where TState : class
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private double _offset;

        public required Checkpoint<TState> Checkpoint { get; init; }
        public required RunRecorder Recorder { get; init; }
        public required string CheckpointPath { get; init; }
        public required bool Resumed { get; init; }

        public static Session<TState> Start(RunOptions options, int dimension, Func<TState> init)
        {
            if (options.Bijector is { } bij && bij.Dimension != dimension)
                throw new ArgumentException($"Bijector has {bij.Dimension} coordinates, the problem {dimension}.", nameof(options));
            Directory.CreateDirectory(options.RecordDirectory);
            var path = Path.Combine(options.RecordDirectory, CheckpointFile.FileName);
            var names = options.ParameterNames.IsDefaultOrEmpty
                ? Enumerable.Range(0, dimension).Select(i => $"p{i}").ToArray()
                : options.ParameterNames.ToArray();
            if (File.Exists(path))
            {
                var checkpoint = CheckpointFile.Load<TState>(path);
                return new Session<TState>
                {
                    Checkpoint = checkpoint,
                    Recorder = RunRecorder.Open(options.RecordDirectory, names, checkpoint.NextIteration),
                    CheckpointPath = path,
                    Resumed = true,
                    _offset = checkpoint.ElapsedSeconds,
                };
            }
            var fresh = new Checkpoint<TState>(CheckpointFile.FormatVersion, typeof(TState).Name, 0, 0, 0, 0.0,
                double.PositiveInfinity, ImmutableArray<double>.Empty, EarlyStoppingState.Initial, init());
            return new Session<TState>
            {
                Checkpoint = fresh,
                Recorder = RunRecorder.Open(options.RecordDirectory, names, 0),
                CheckpointPath = path,
                Resumed = false,
            };
        }

        public double Elapsed(Checkpoint<TState> _) => _offset + _watch.Elapsed.TotalSeconds;

        public void Save(Checkpoint<TState> checkpoint) => CheckpointFile.Save(CheckpointPath, checkpoint);
    }
}
