using System.Collections.Immutable;
using NeuronLab.Optimization.Bijectors;
using NeuronLab.Optimization.CmaEs;
using NeuronLab.Optimization.Gradient;
using NeuronLab.Optimization.Random;
using NeuronLab.Optimization.Records;
using NeuronLab.Optimization.Stopping;

namespace NeuronLab.Optimization.Tests.Records;

using CmaEs = NeuronLab.Optimization.CmaEs.CmaEs;

public sealed class OptimizationRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nl-run-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string name) => Path.Combine(_root, name);

    private static void BatchRosenbrock(IReadOnlyList<double[]> xs, Span<double> losses)
    {
        for (var k = 0; k < xs.Count; k++) losses[k] = TestFunctions.Rosenbrock(xs[k]);
    }

    /// <summary>f(x) = Σ (i+1)(log x_i − log t_i)² with t = (0.5, 2, 10): a positive-parameter fit with known truth.</summary>
    private static readonly double[] s_truth = [0.5, 2.0, 10.0];

    private static double LogFit(ReadOnlySpan<double> x, Span<double> g)
    {
        var f = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var d = Math.Log(x[i]) - Math.Log(s_truth[i]);
            f += (i + 1) * d * d;
            g[i] = 2 * (i + 1) * d / x[i];
        }
        return f;
    }

    /// <summary>Records with the wall-time column removed, as exact bit patterns.</summary>
    private static List<string> Comparable(string dir)
    {
        var lines = new List<string>();
        foreach (var r in RunRecorder.ReadJsonLines(dir))
        {
            lines.Add(string.Join(" ", new[] { r.Iteration.ToString(), Bits(r.Loss), r.GradientNorm is { } g ? Bits(g) : "-",
                r.DistanceToTruth is { } d ? Bits(d) : "-", r.Evaluations.ToString(), r.Simulations.ToString() }
                .Concat(r.Parameters.Select(Bits))));
        }
        return lines;
    }

    private static List<string> CsvWithoutWallTime(string dir) =>
        File.ReadLines(Path.Combine(dir, RunRecorder.CsvFileName))
            .Select(l => string.Join(",", l.Split(',').Where((_, i) => i != 6)))
            .ToList();

    private static string Bits(double v) => BitConverter.DoubleToInt64Bits(v).ToString("X16");

    [Fact]
    public void AskTell_CmaEsCancelledAtRandomGeneration_ResumesBitIdentically()
    {
        const int Generations = 120;
        var cma = new CmaEs(6);
        var x0 = Enumerable.Repeat(0.1, 6).ToArray();
        var full = OptimizationRun.AskTell(cma, cma.Init(x0, 0.5, 5), BatchRosenbrock, new RunOptions(Dir("full"), Generations));
        Assert.Equal(StopReason.MaxIterations, full.Reason);

        var stopAt = 1 + new Xoshiro256StarStar(2024).NextInt(Generations - 2); // a seeded "random" generation
        using var cts = new CancellationTokenSource();
        var calls = 0;
        void Cancelling(IReadOnlyList<double[]> xs, Span<double> losses)
        {
            BatchRosenbrock(xs, losses);
            if (++calls == stopAt) cts.Cancel();
        }
        var options = new RunOptions(Dir("resumed"), Generations);
        Assert.ThrowsAny<OperationCanceledException>(() => OptimizationRun.AskTell(cma, cma.Init(x0, 0.5, 5), Cancelling, options, cts.Token));
        Assert.Equal(stopAt, RunRecorder.ReadJsonLines(Dir("resumed")).Count);

        // Resume: the initial state passed here is deliberately different; the checkpoint must win.
        var resumed = OptimizationRun.AskTell(cma, cma.Init(new double[6], 3.0, 999), BatchRosenbrock, options);
        Assert.True(resumed.Resumed);
        Assert.Equal(Comparable(Dir("full")), Comparable(Dir("resumed")));
        Assert.Equal(CsvWithoutWallTime(Dir("full")), CsvWithoutWallTime(Dir("resumed")));
        Assert.Equal(Bits(full.BestLoss), Bits(resumed.BestLoss));
        Assert.Equal(CheckpointFile.Serialize(CheckpointFile.Load<CmaEsState>(Path.Combine(Dir("full"), CheckpointFile.FileName)).State),
            CheckpointFile.Serialize(CheckpointFile.Load<CmaEsState>(Path.Combine(Dir("resumed"), CheckpointFile.FileName)).State));
    }

    [Fact]
    public void Gradient_AdamStoppedAfterKIterationsWithBijector_ResumesBitIdentically()
    {
        const int Iterations = 300;
        var adam = new Adam(LearningRate: 0.05);
        double[] x0 = [3.0, 0.1, 1.0];
        RunOptions Options(string name, int max) => new(Dir(name), max)
        {
            Bijector = VectorBijector.Repeat(new LogBijector(), 3),
            GroundTruth = [.. s_truth],
            SimulationsPerEvaluation = 100,
            ParameterNames = ["gna", "gk", "gl"],
        };
        var full = OptimizationRun.Gradient(adam, x0, LogFit, Options("full", Iterations));

        var k = 1 + new Xoshiro256StarStar(77).NextInt(Iterations - 2);
        var first = OptimizationRun.Gradient(adam, x0, LogFit, Options("resumed", k));
        Assert.Equal(k, first.Iterations);
        var resumed = OptimizationRun.Gradient(adam, x0, LogFit, Options("resumed", Iterations));
        Assert.True(resumed.Resumed);
        Assert.Equal(Comparable(Dir("full")), Comparable(Dir("resumed")));
        Assert.Equal(CsvWithoutWallTime(Dir("full")), CsvWithoutWallTime(Dir("resumed")));
        Assert.Equal(Iterations * 100L, resumed.Simulations);
        // The fit itself works: with the log bijector Adam recovers the truth.
        Assert.All(resumed.BestParameters.Zip(s_truth), p => Assert.Equal(p.Second, p.First, p.Second * 1e-3));
        Assert.StartsWith("iteration,loss,gradient_norm,distance_to_truth,evaluations,simulations,wall_seconds,gna,gk,gl",
            File.ReadLines(Path.Combine(Dir("full"), RunRecorder.CsvFileName)).First());
    }

    [Fact]
    public void Gradient_Observer_SeesEveryRecordAsWritten()
    {
        var seen = new List<RunRecord>();
        var options = new RunOptions(Dir("observed"), 25) { Observer = new SynchronousProgress<RunRecord>(seen.Add) };
        var result = OptimizationRun.Gradient(new Adam(LearningRate: 0.05), [1.0, 1.0, 1.0], LogFit, options);
        Assert.Equal(result.Iterations, seen.Count);
        Assert.Equal(Enumerable.Range(0, seen.Count), seen.Select(r => r.Iteration));
    }

    // Progress<T> posts to the thread pool; a test needs the call made in place.
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    [Fact]
    public void Gradient_CrashAfterRecordsBeforeCheckpoint_ResumeDropsOrphanRecordsAndMatches()
    {
        // Simulate a crash that left records newer than the checkpoint: keep an old checkpoint, run further, put it back.
        var sgd = new Sgd(0.01, Momentum: 0.9);
        double[] x0 = [1.0, 1.0, 1.0];
        var full = OptimizationRun.Gradient(sgd, x0, LogFit, new RunOptions(Dir("full"), 80));
        OptimizationRun.Gradient(sgd, x0, LogFit, new RunOptions(Dir("crash"), 30));
        var ckpt = Path.Combine(Dir("crash"), CheckpointFile.FileName);
        File.Copy(ckpt, ckpt + ".old");
        OptimizationRun.Gradient(sgd, x0, LogFit, new RunOptions(Dir("crash"), 45));
        File.Move(ckpt + ".old", ckpt, overwrite: true);
        Assert.Equal(45, RunRecorder.ReadJsonLines(Dir("crash")).Count);
        OptimizationRun.Gradient(sgd, x0, LogFit, new RunOptions(Dir("crash"), 80));
        Assert.Equal(Comparable(Dir("full")), Comparable(Dir("crash")));
        Assert.Equal(full.Iterations, RunRecorder.ReadJsonLines(Dir("crash")).Count);
    }

    [Fact]
    public void AskTell_BipopInterruptedAcrossRestarts_ResumesBitIdentically()
    {
        var opt = new RestartCmaEs(4, RestartStrategy.Bipop, new CmaEsOptions { TargetLoss = 1e-8, MaxEvaluations = 8_000 })
        {
            InitialLower = [.. Enumerable.Repeat(-4.0, 4)],
            InitialUpper = [.. Enumerable.Repeat(4.0, 4)],
        };
        void Rastrigin(IReadOnlyList<double[]> xs, Span<double> losses)
        {
            for (var k = 0; k < xs.Count; k++) losses[k] = TestFunctions.Rastrigin(xs[k]);
        }
        double[] x0 = [3.0, -2.0, 1.0, 0.5];
        var full = OptimizationRun.AskTell(opt, opt.Init(x0, 2.0, 8), Rastrigin, new RunOptions(Dir("full"), 100_000));
        var fullState = CheckpointFile.Load<RestartCmaEsState>(Path.Combine(Dir("full"), CheckpointFile.FileName)).State;
        Assert.True(fullState.Runs.Length > 1, "the test needs at least one restart");

        // Stop in the middle of the second run.
        var stopAt = fullState.Runs[0].Evaluations / fullState.Runs[0].PopulationSize + 3;
        OptimizationRun.AskTell(opt, opt.Init(x0, 2.0, 8), Rastrigin, new RunOptions(Dir("resumed"), (int)stopAt));
        var resumed = OptimizationRun.AskTell(opt, opt.Init(x0, 2.0, 8), Rastrigin, new RunOptions(Dir("resumed"), 100_000));
        Assert.Equal(full.Reason, resumed.Reason);
        Assert.Equal(Comparable(Dir("full")), Comparable(Dir("resumed")));
    }

    [Fact]
    public void Gradient_EarlyStoppingPatience_StopsAndReportsReason()
    {
        // Constant objective: never improves, so patience 5 stops after 6 iterations (1 improvement from +∞, 5 stale).
        var result = OptimizationRun.Gradient(new Adam(), [1.0], (x, g) => { g[0] = 0; return 1.0; },
            new RunOptions(Dir("es"), 1000) { EarlyStopping = new EarlyStopping(Patience: 5) });
        Assert.Equal(StopReason.Patience, result.Reason);
        Assert.Equal(6, result.Iterations);
    }

    [Fact]
    public void Gradient_NaNLoss_StopsWithNonFiniteReason()
    {
        var result = OptimizationRun.Gradient(new Sgd(0.1), [1.0], (x, g) => { g[0] = 1; return x[0] < 0.75 ? double.NaN : x[0]; },
            new RunOptions(Dir("nan"), 100));
        Assert.Equal(StopReason.NonFiniteLoss, result.Reason);
        // x = 1, 0.9, 0.8 are finite; x = 0.7 gives NaN at iteration 3, which is recorded but not stepped on.
        Assert.Equal(3, result.Iterations);
        Assert.True(double.IsNaN(RunRecorder.ReadJsonLines(Dir("nan"))[^1].Loss));
    }

    [Fact]
    public void AskTell_TargetReached_StopsAsOptimizerDone()
    {
        var cma = new CmaEs(3, new CmaEsOptions { TargetLoss = 1e-6 });
        var result = OptimizationRun.AskTell(cma, cma.Init([1.0, 1.0, 1.0], 0.5, 1),
            (xs, f) => { for (var k = 0; k < xs.Count; k++) f[k] = TestFunctions.Sphere(xs[k]); }, new RunOptions(Dir("t"), 10_000));
        Assert.Equal(StopReason.OptimizerDone, result.Reason);
        Assert.True(result.BestLoss <= 1e-6);
    }
}
