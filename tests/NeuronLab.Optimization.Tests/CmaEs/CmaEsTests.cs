using System.Collections.Immutable;
using NeuronLab.Optimization.CmaEs;
using NeuronLab.Optimization.Records;

namespace NeuronLab.Optimization.Tests.CmaEs;

using CmaEs = NeuronLab.Optimization.CmaEs.CmaEs;

public class CmaEsTests
{
    private static CmaEsState RunToEnd(CmaEs cma, CmaEsState state, Func<ImmutableArray<double>, double> f, int maxGenerations = 100_000)
    {
        var losses = new double[cma.Parameters.Lambda];
        for (var g = 0; g < maxGenerations && !cma.IsDone(state); g++)
        {
            (state, var xs) = cma.Ask(state);
            for (var k = 0; k < xs.Length; k++) losses[k] = f(xs[k]);
            state = cma.Tell(state, losses);
        }
        return state;
    }

    [Fact]
    public void Tell_SphereDimension8_ReachesTarget()
    {
        var cma = new CmaEs(8, new CmaEsOptions { TargetLoss = 1e-10 });
        var state = RunToEnd(cma, cma.Init(Enumerable.Repeat(1.0, 8).ToArray(), 0.5, 3), x => TestFunctions.Sphere(x.AsSpan()));
        Assert.Equal(CmaEsTermination.TargetLoss, state.Termination);
        Assert.True(state.BestLoss <= 1e-10);
    }

    [Fact]
    public void Ask_SameSeed_SameCandidates_DifferentSeed_DifferentCandidates()
    {
        var cma = new CmaEs(4);
        var (_, a) = cma.Ask(cma.Init(new double[4], 1.0, 9));
        var (_, b) = cma.Ask(cma.Init(new double[4], 1.0, 9));
        var (_, c) = cma.Ask(cma.Init(new double[4], 1.0, 10));
        Assert.Equal(a.SelectMany(x => x), b.SelectMany(x => x));
        Assert.NotEqual(a.SelectMany(x => x), c.SelectMany(x => x));
    }

    [Fact]
    public void Ask_Twice_Throws()
    {
        var cma = new CmaEs(3);
        var (s, _) = cma.Ask(cma.Init(new double[3], 1.0, 1));
        Assert.Throws<InvalidOperationException>(() => cma.Ask(s));
    }

    [Fact]
    public void State_JsonRoundTripMidRun_ContinuesBitIdentically()
    {
        var cma = new CmaEs(6);
        var state = cma.Init(Enumerable.Repeat(0.3, 6).ToArray(), 0.5, 17);
        var losses = new double[cma.Parameters.Lambda];
        for (var g = 0; g < 37; g++)
        {
            (state, var xs) = cma.Ask(state);
            for (var k = 0; k < xs.Length; k++) losses[k] = TestFunctions.Rosenbrock(xs[k].AsSpan());
            state = cma.Tell(state, losses);
        }
        var restored = CheckpointFile.Deserialize<CmaEsState>(CheckpointFile.Serialize(state));
        for (var g = 0; g < 50; g++)
        {
            (state, var xa) = cma.Ask(state);
            (restored, var xb) = cma.Ask(restored);
            Assert.Equal(xa.SelectMany(x => x).Select(BitConverter.DoubleToInt64Bits), xb.SelectMany(x => x).Select(BitConverter.DoubleToInt64Bits));
            for (var k = 0; k < xa.Length; k++) losses[k] = TestFunctions.Rosenbrock(xa[k].AsSpan());
            state = cma.Tell(state, losses);
            restored = cma.Tell(restored, losses);
        }
        Assert.Equal(BitConverter.DoubleToInt64Bits(state.Sigma), BitConverter.DoubleToInt64Bits(restored.Sigma));
        Assert.Equal(state.C.Select(BitConverter.DoubleToInt64Bits), restored.C.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Tell_BoundsExcludeUnconstrainedOptimum_ConvergesToBoundAndStaysFeasible()
    {
        // Sphere centred at 2 with x ≤ 1: the constrained optimum is x = 1 in every coordinate.
        const double BoundTolerance = 1e-4; // the penalty pulls the mean to the bound; candidates are clipped exactly.
        const int N = 4;
        var bounds = new BoxBounds(Enumerable.Repeat(-5.0, N).ToImmutableArray(), Enumerable.Repeat(1.0, N).ToImmutableArray());
        var cma = new CmaEs(N, new CmaEsOptions { Bounds = bounds, MaxEvaluations = 20_000 });
        var state = cma.Init(new double[N], 1.0, 4);
        var losses = new double[cma.Parameters.Lambda];
        while (!cma.IsDone(state))
        {
            (state, var xs) = cma.Ask(state);
            for (var k = 0; k < xs.Length; k++)
            {
                Assert.All(xs[k], v => Assert.InRange(v, -5.0, 1.0));
                losses[k] = xs[k].Sum(v => (v - 2) * (v - 2));
            }
            state = cma.Tell(state, losses);
        }
        Assert.All(state.BestParameters, v => Assert.Equal(1.0, v, BoundTolerance));
    }

    [Fact]
    public void Tell_NaNLosses_RankedWorstAndRunContinues()
    {
        // Half-space x₀ < 0 returns NaN: CMA-ES must treat it as worst and still solve the sphere around (0.5, …).
        var cma = new CmaEs(3, new CmaEsOptions { TargetLoss = 1e-8 });
        var state = RunToEnd(cma, cma.Init([1.0, 1.0, 1.0], 0.3, 2), x => x[0] < 0 ? double.NaN : x.Sum(v => (v - 0.5) * (v - 0.5)));
        Assert.Equal(CmaEsTermination.TargetLoss, state.Termination);
    }

    [Fact]
    public void Tell_FlatFunction_StopsByTolFun()
    {
        var cma = new CmaEs(3);
        var state = RunToEnd(cma, cma.Init(new double[3], 1.0, 1), _ => 1.0);
        Assert.Equal(CmaEsTermination.TolFun, state.Termination);
    }

    [Fact]
    public void Tell_MaxEvaluations_StopsAtBudget()
    {
        var cma = new CmaEs(5, new CmaEsOptions { MaxEvaluations = 80 });
        var state = RunToEnd(cma, cma.Init(new double[5], 1.0, 1), x => TestFunctions.Rastrigin(x.AsSpan()));
        Assert.Equal(CmaEsTermination.MaxEvaluations, state.Termination);
        Assert.Equal(80, state.Evaluations);
    }

    [Fact]
    public void Tell_ActiveVersusPassiveOnEllipsoid_ActiveNeedsFewerEvaluations()
    {
        // The active update removes variance along directions of bad steps; on the ellipsoid (condition 1e6) it
        // learns the covariance faster (Jastrebski & Arnold 2006; tutorial §3.5). Medians of 5 seeds, n = 10.
        var active = CmaEsBenchmark.Run([BenchmarkFunction.Ellipsoid], [10], seeds: 5, active: true)[0];
        var passive = CmaEsBenchmark.Run([BenchmarkFunction.Ellipsoid], [10], seeds: 5, active: false)[0];
        Assert.Equal(5, active.Successes);
        Assert.Equal(5, passive.Successes);
        Assert.True(active.MedianEvaluations < passive.MedianEvaluations,
            $"active {active.MedianEvaluations}, passive {passive.MedianEvaluations}");
    }
}
