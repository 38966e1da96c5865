using System.Collections.Immutable;
using NeuronLab.Optimization.Objectives;
using NeuronLab.Optimization.Random;

namespace NeuronLab.Optimization.CmaEs;

/// <summary>
/// CMA-ES with IPOP (Auger &amp; Hansen 2005) or BIPOP (Hansen 2009) restarts, as one ask/tell optimizer.
/// A run ends by any of the <see cref="CmaEsOptions"/> stop conditions except target and budget, which end the
/// whole strategy. Each restart starts at <see cref="InitialLower"/>..<see cref="InitialUpper"/> drawn
/// uniformly when that box is given (as in BBOB), else at the original x0.
/// </summary>
/// <param name="Dimension">n.</param>
/// <param name="Strategy">IPOP or BIPOP.</param>
/// <param name="Options">Options of each run (population size, if set, is the default λ_def).
/// <see cref="CmaEsOptions.TargetLoss"/> and <see cref="CmaEsOptions.MaxEvaluations"/> apply to the whole strategy.</param>
/// <param name="MaxRestarts">Largest number of population increases (large-regime restarts) after the first run;
/// BIPOP's small-regime runs do not count. 9 as in the BBOB setting.</param>
/// <param name="IncreaseFactor">Factor by which the large regime's λ grows, default 2.</param>
public sealed record RestartCmaEs(int Dimension, RestartStrategy Strategy, CmaEsOptions Options, int MaxRestarts = 9, double IncreaseFactor = 2.0)
    : IAskTellOptimizer<RestartCmaEsState>
{
    /// <summary>Lower corner of the box restarts draw their x0 from (default: empty, restart at x0).</summary>
    public ImmutableArray<double> InitialLower { get; init; } = [];

    /// <summary>Upper corner of the box restarts draw their x0 from.</summary>
    public ImmutableArray<double> InitialUpper { get; init; } = [];

    private int DefaultLambda => Options.PopulationSize ?? CmaEsParameters.DefaultPopulationSize(Dimension);

    /// <summary>The state of the first run (default λ) at x0 with step size σ₀.</summary>
    public RestartCmaEsState Init(ReadOnlySpan<double> x0, double sigma0, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var runSeed = rng.NextUInt64();
        var budget = Options.MaxEvaluations;
        var run = RunOptimizer(DefaultLambda, budget).Init(x0, sigma0, runSeed);
        return new RestartCmaEsState(run, ImmutableArray.Create(x0.ToArray()), RestartRegime.Large, budget, sigma0, 0, 0, 0, 0, rng.State,
            double.PositiveInfinity, ImmutableArray.Create(x0.ToArray()), [], CmaEsTermination.None);
    }

    /// <inheritdoc />
    public (RestartCmaEsState State, ImmutableArray<ImmutableArray<double>> Candidates) Ask(RestartCmaEsState state)
    {
        var (run, xs) = Optimizer(state).Ask(state.Run);
        return (state with { Run = run }, xs);
    }

    /// <inheritdoc />
    public RestartCmaEsState Tell(RestartCmaEsState state, ReadOnlySpan<double> losses)
    {
        var run = Optimizer(state).Tell(state.Run, losses);
        var s = state with { Run = run };
        if (run.BestLoss < s.BestLoss)
            s = s with { BestLoss = run.BestLoss, BestParameters = run.BestParameters };
        if (run.Termination == CmaEsTermination.None)
            return s;

        var used = run.Evaluations;
        var finished = s.FinishedEvaluations + used;
        var summary = new RestartRunSummary(s.Regime, run.PopulationSize, s.RunSigma0, used, run.BestLoss, run.Termination);
        s = s with
        {
            FinishedEvaluations = finished,
            LargeEvaluations = s.LargeEvaluations + (s.Regime == RestartRegime.Large ? used : 0),
            SmallEvaluations = s.SmallEvaluations + (s.Regime == RestartRegime.Small ? used : 0),
            Runs = s.Runs.Add(summary),
        };
        if (s.BestLoss <= Options.TargetLoss)
            return s with { Termination = CmaEsTermination.TargetLoss };
        if (finished >= Options.MaxEvaluations)
            return s with { Termination = CmaEsTermination.MaxEvaluations };
        return StartNextRun(s);
    }

    private RestartCmaEsState StartNextRun(RestartCmaEsState s)
    {
        var rng = new Xoshiro256StarStar(s.Rng);
        var x0 = new double[Dimension];
        if (!InitialLower.IsDefaultOrEmpty)
        {
            for (var i = 0; i < Dimension; i++)
                x0[i] = rng.NextUniform(InitialLower[i], InitialUpper[i]);
        }
        else
        {
            s.X0.CopyTo(x0);
        }
        var remaining = Options.MaxEvaluations - s.FinishedEvaluations;
        var sigma0 = s.Runs[0].Sigma0;
        RestartRegime regime;
        int lambda;
        long budget;
        var largeRestarts = s.LargeRestarts;
        if (Strategy == RestartStrategy.Bipop && s.SmallEvaluations < s.LargeEvaluations && s.Runs.Length > 1)
        {
            regime = RestartRegime.Small;
            var u = rng.NextUniform();
            var lambdaLarge = DefaultLambda * Math.Pow(IncreaseFactor, largeRestarts);
            lambda = Math.Max(2, (int)Math.Floor(DefaultLambda * Math.Pow(0.5 * lambdaLarge / DefaultLambda, u * u)));
            sigma0 *= Math.Pow(10.0, -2.0 * rng.NextUniform());
            budget = Math.Min(remaining, s.LargeEvaluations - s.SmallEvaluations);
        }
        else
        {
            if (largeRestarts >= MaxRestarts)
                return s with { Termination = CmaEsTermination.MaxRestarts };
            regime = RestartRegime.Large;
            largeRestarts++;
            lambda = (int)Math.Round(DefaultLambda * Math.Pow(IncreaseFactor, largeRestarts));
            budget = remaining;
        }
        var runSeed = rng.NextUInt64();
        var run = RunOptimizer(lambda, budget).Init(x0, sigma0, runSeed);
        return s with
        {
            Run = run,
            Regime = regime,
            RunMaxEvaluations = budget,
            RunSigma0 = sigma0,
            LargeRestarts = largeRestarts,
            Rng = rng.State,
        };
    }

    /// <inheritdoc />
    public bool IsDone(RestartCmaEsState state) => state.Termination != CmaEsTermination.None;

    /// <inheritdoc />
    public double BestLoss(RestartCmaEsState state) => state.BestLoss;

    /// <inheritdoc />
    public ImmutableArray<double> BestParameters(RestartCmaEsState state) => state.BestParameters;

    /// <inheritdoc />
    public long Evaluations(RestartCmaEsState state) => state.FinishedEvaluations + state.Run.Evaluations;

    /// <summary>The CMA-ES optimizer that runs the current run of <paramref name="state"/>.</summary>
    public CmaEs Optimizer(RestartCmaEsState state) => RunOptimizer(state.Run.PopulationSize, state.RunMaxEvaluations);

    private CmaEs RunOptimizer(int lambda, long budget) =>
        new(Dimension, Options with { PopulationSize = lambda, MaxEvaluations = budget });
}
