using System.Collections.Immutable;

namespace NeuronLab.Optimization.Records;

/// <summary>The outcome of an <see cref="OptimizationRun"/>.</summary>
/// <param name="Reason">Why it stopped.</param>
/// <param name="Iterations">Iterations completed (across resumes).</param>
/// <param name="BestLoss">Best loss seen.</param>
/// <param name="BestParameters">Its point, constrained space.</param>
/// <param name="Evaluations">Objective evaluations (across resumes).</param>
/// <param name="Simulations">Simulations (across resumes).</param>
/// <param name="Resumed">Whether this call continued from a checkpoint.</param>
public sealed record RunResult(StopReason Reason, int Iterations, double BestLoss, ImmutableArray<double> BestParameters,
    long Evaluations, long Simulations, bool Resumed);
