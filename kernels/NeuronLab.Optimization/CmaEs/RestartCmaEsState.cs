using System.Collections.Immutable;
using NeuronLab.Optimization.Random;

namespace NeuronLab.Optimization.CmaEs;

/// <summary>Summary of one finished run inside a restart strategy.</summary>
/// <param name="Regime">Large or small population regime.</param>
/// <param name="PopulationSize">λ of the run.</param>
/// <param name="Sigma0">Initial step size of the run.</param>
/// <param name="Evaluations">Evaluations the run used.</param>
/// <param name="BestLoss">Best loss of the run.</param>
/// <param name="Termination">Why it stopped.</param>
public sealed record RestartRunSummary(RestartRegime Regime, int PopulationSize, double Sigma0, long Evaluations, double BestLoss, CmaEsTermination Termination);

/// <summary>The state of <see cref="RestartCmaEs"/>: the current run's state plus the restart bookkeeping.</summary>
/// <param name="Run">State of the current CMA-ES run.</param>
/// <param name="X0">The first run's start point (restarts use it when no start box is given).</param>
/// <param name="Regime">Regime of the current run.</param>
/// <param name="RunMaxEvaluations">Evaluation budget of the current run.</param>
/// <param name="RunSigma0">Initial step size of the current run.</param>
/// <param name="LargeRestarts">How many times λ has been increased (the large regime's exponent).</param>
/// <param name="LargeEvaluations">Evaluations used by finished large-regime runs.</param>
/// <param name="SmallEvaluations">Evaluations used by finished small-regime runs.</param>
/// <param name="FinishedEvaluations">Evaluations used by all finished runs.</param>
/// <param name="Rng">Generator for restart decisions, start points and run seeds.</param>
/// <param name="BestLoss">Best loss over all runs.</param>
/// <param name="BestParameters">Where it was found.</param>
/// <param name="Runs">Summaries of the finished runs.</param>
/// <param name="Termination">Why the whole strategy stopped, or None.</param>
public sealed record RestartCmaEsState(
    CmaEsState Run,
    ImmutableArray<double> X0,
    RestartRegime Regime,
    long RunMaxEvaluations,
    double RunSigma0,
    int LargeRestarts,
    long LargeEvaluations,
    long SmallEvaluations,
    long FinishedEvaluations,
    RngState Rng,
    double BestLoss,
    ImmutableArray<double> BestParameters,
    ImmutableArray<RestartRunSummary> Runs,
    CmaEsTermination Termination);
