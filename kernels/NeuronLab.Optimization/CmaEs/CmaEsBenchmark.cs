using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NeuronLab.Optimization.CmaEs;

/// <summary>One row of <see cref="CmaEsBenchmark.Run"/>: evaluations to reach the target on one function and dimension.</summary>
/// <param name="Function">The test function.</param>
/// <param name="Dimension">n.</param>
/// <param name="Evaluations">Evaluations of each seed until the first generation with f ≤ target; −1 where the run
/// stopped without reaching it.</param>
/// <param name="Terminations">Why each seed's run stopped.</param>
/// <param name="ReferenceMedian">pycma purecma reference median (null when none is known).</param>
/// <param name="Seconds">Wall time of all seeds.</param>
public sealed record CmaEsBenchmarkRow(BenchmarkFunction Function, int Dimension, ImmutableArray<long> Evaluations,
    ImmutableArray<CmaEsTermination> Terminations, double? ReferenceMedian, double Seconds)
{
    /// <summary>Seeds that reached the target.</summary>
    public int Successes => Evaluations.Count(e => e >= 0);

    /// <summary>Median evaluations over all seeds, failures counted as +∞ (so it is +∞ when half or more fail).</summary>
    public double MedianEvaluations
    {
        get
        {
            var a = Evaluations.Select(e => e >= 0 ? e : double.PositiveInfinity).Order().ToArray();
            var m = a.Length / 2;
            return a.Length % 2 == 1 ? a[m] : 0.5 * (a[m - 1] + a[m]);
        }
    }

    /// <summary>Median divided by the reference median (null without a reference).</summary>
    public double? Ratio => ReferenceMedian is { } r ? MedianEvaluations / r : null;
}

/// <summary>Result of one restart-strategy run (<see cref="CmaEsBenchmark.RunRestarts"/>).</summary>
/// <param name="Strategy">IPOP or BIPOP.</param>
/// <param name="Function">The test function.</param>
/// <param name="Dimension">n.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Evaluations">Evaluations used in total.</param>
/// <param name="BestLoss">Best loss found.</param>
/// <param name="Termination">Why it stopped (TargetLoss on success).</param>
/// <param name="Runs">The individual runs.</param>
public sealed record RestartBenchmarkResult(RestartStrategy Strategy, BenchmarkFunction Function, int Dimension, ulong Seed,
    long Evaluations, double BestLoss, CmaEsTermination Termination, ImmutableArray<RestartRunSummary> Runs)
{
    /// <summary>Whether the target was reached.</summary>
    public bool Success => Termination == CmaEsTermination.TargetLoss;
}

/// <summary>
/// The CMA-ES benchmark of docs/optimization.md: evaluations to reach f ≤ 1e-8 from x0 = (0.1, …, 0.1) with
/// σ₀ = 0.5 and default λ, per seed, compared with pycma purecma reference medians. Callable from the CLI.
/// </summary>
public static class CmaEsBenchmark
{
    /// <summary>Target loss of the benchmark.</summary>
    public const double Target = 1e-8;

    /// <summary>Initial step size σ₀.</summary>
    public const double Sigma0 = 0.5;

    /// <summary>Every coordinate of x0.</summary>
    public const double X0 = 0.1;

    /// <summary>pycma purecma reference medians (5-, 10-, 20-D), as given in the NeuronLab brief.</summary>
    public static double? ReferenceMedian(BenchmarkFunction function, int dimension) => (function, dimension) switch
    {
        (BenchmarkFunction.Sphere, 5) => 736,
        (BenchmarkFunction.Sphere, 10) => 1460,
        (BenchmarkFunction.Sphere, 20) => 2688,
        (BenchmarkFunction.Ellipsoid, 5) => 2216,
        (BenchmarkFunction.Ellipsoid, 10) => 5870,
        (BenchmarkFunction.Ellipsoid, 20) => 18252,
        (BenchmarkFunction.Rosenbrock, 5) => 2224,
        (BenchmarkFunction.Rosenbrock, 10) => 6240,
        (BenchmarkFunction.Rosenbrock, 20) => 20124,
        _ => null,
    };

    /// <summary>The objective of a <see cref="BenchmarkFunction"/>.</summary>
    public static double Evaluate(BenchmarkFunction function, ReadOnlySpan<double> x) => function switch
    {
        BenchmarkFunction.Sphere => TestFunctions.Sphere(x),
        BenchmarkFunction.Ellipsoid => TestFunctions.Ellipsoid(x),
        BenchmarkFunction.Rosenbrock => TestFunctions.Rosenbrock(x),
        BenchmarkFunction.Rastrigin => TestFunctions.Rastrigin(x),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };

    /// <summary>Runs every (function, dimension) pair for seeds firstSeed … firstSeed + seeds − 1.</summary>
    /// <param name="functions">Functions to run.</param>
    /// <param name="dimensions">Dimensions to run.</param>
    /// <param name="seeds">Number of seeds (11 in the docs table).</param>
    /// <param name="firstSeed">First seed.</param>
    /// <param name="active">Use the active covariance update.</param>
    public static ImmutableArray<CmaEsBenchmarkRow> Run(IEnumerable<BenchmarkFunction> functions, IEnumerable<int> dimensions,
        int seeds = 11, ulong firstSeed = 1, bool active = true)
    {
        var rows = ImmutableArray.CreateBuilder<CmaEsBenchmarkRow>();
        var dims = dimensions.ToArray();
        foreach (var f in functions)
        {
            foreach (var n in dims)
            {
                var watch = Stopwatch.StartNew();
                var evals = new long[seeds];
                var terms = new CmaEsTermination[seeds];
                for (var k = 0; k < seeds; k++)
                {
                    var (e, t, _) = RunOne(f, n, firstSeed + (ulong)k, active);
                    evals[k] = t == CmaEsTermination.TargetLoss ? e : -1;
                    terms[k] = t;
                }
                rows.Add(new CmaEsBenchmarkRow(f, n, [.. evals], [.. terms], ReferenceMedian(f, n), watch.Elapsed.TotalSeconds));
            }
        }
        return rows.ToImmutable();
    }

    /// <summary>One run with the benchmark settings; stops at the target or any pycma stop condition.</summary>
    /// <returns>Evaluations used, why it stopped, and the best loss.</returns>
    public static (long Evaluations, CmaEsTermination Termination, double BestLoss) RunOne(BenchmarkFunction function, int dimension,
        ulong seed, bool active = true)
    {
        var options = new CmaEsOptions { ActiveCovariance = active, TargetLoss = Target, MaxEvaluations = 1000L * dimension * dimension + 20000 };
        var cma = new CmaEs(dimension, options);
        var x0 = new double[dimension];
        Array.Fill(x0, X0);
        var state = cma.Init(x0, Sigma0, seed);
        var losses = new double[cma.Parameters.Lambda];
        while (!cma.IsDone(state))
        {
            (state, var xs) = cma.Ask(state);
            for (var k = 0; k < xs.Length; k++)
                losses[k] = Evaluate(function, xs[k].AsSpan());
            state = cma.Tell(state, losses);
        }
        return (state.Evaluations, state.Termination, state.BestLoss);
    }

    /// <summary>
    /// One IPOP or BIPOP run on <paramref name="function"/> to f ≤ 1e-8, x0 and every restart's start drawn uniformly
    /// from [−4, 4]ⁿ, σ₀ = 2 (the BBOB setting of Hansen 2009), budget 10⁶ evaluations, at most 9
    /// population increases.
    /// </summary>
    public static RestartBenchmarkResult RunRestarts(RestartStrategy strategy, BenchmarkFunction function, int dimension, ulong seed)
    {
        var options = new CmaEsOptions { TargetLoss = Target, MaxEvaluations = 1_000_000 };
        var lower = Enumerable.Repeat(-4.0, dimension).ToImmutableArray();
        var upper = Enumerable.Repeat(4.0, dimension).ToImmutableArray();
        var opt = new RestartCmaEs(dimension, strategy, options, MaxRestarts: 9)
        {
            InitialLower = lower,
            InitialUpper = upper,
        };
        var rng = new Random.Xoshiro256StarStar(seed ^ 0x5DEECE66DUL);
        var x0 = new double[dimension];
        for (var i = 0; i < dimension; i++) x0[i] = rng.NextUniform(-4, 4);
        var state = opt.Init(x0, 2.0, seed);
        double[] losses = [];
        while (!opt.IsDone(state))
        {
            (state, var xs) = opt.Ask(state);
            if (losses.Length != xs.Length) losses = new double[xs.Length];
            for (var k = 0; k < xs.Length; k++)
                losses[k] = Evaluate(function, xs[k].AsSpan());
            state = opt.Tell(state, losses);
        }
        return new RestartBenchmarkResult(strategy, function, dimension, seed, opt.Evaluations(state), state.BestLoss, state.Termination, state.Runs);
    }

    /// <summary>The rows as a Markdown table (median, successes, reference, ratio, wall time).</summary>
    public static string ToMarkdown(IEnumerable<CmaEsBenchmarkRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| function | n | median evals | reached 1e-8 | purecma median | ratio | per-seed evals | s |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---|---:|");
        foreach (var r in rows)
        {
            var ratio = r.Ratio is { } q ? q.ToString("0.00", CultureInfo.InvariantCulture) : "–";
            var reference = r.ReferenceMedian?.ToString(CultureInfo.InvariantCulture) ?? "–";
            var per = string.Join(" ", r.Evaluations.Select(e => e >= 0 ? e.ToString(CultureInfo.InvariantCulture) : "fail"));
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Function} | {r.Dimension} | {r.MedianEvaluations:0} | {r.Successes}/{r.Evaluations.Length} | {reference} | {ratio} | {per} | {r.Seconds:0.0} |");
        }
        return sb.ToString();
    }
}
