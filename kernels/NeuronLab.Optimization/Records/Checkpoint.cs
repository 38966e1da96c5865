using System.Collections.Immutable;
using NeuronLab.Optimization.Stopping;

namespace NeuronLab.Optimization.Records;

/// <summary>
/// Everything needed to continue a run bit-identically: the optimizer state (which holds its RNG state), the
/// iteration to run next, counters, the best point and the early-stopping state.
/// </summary>
/// <typeparam name="TState">The optimizer's state record.</typeparam>
/// <param name="Format">Checkpoint format version (<see cref="CheckpointFile.FormatVersion"/>).</param>
/// <param name="StateType">Name of <typeparamref name="TState"/>, checked on load.</param>
/// <param name="NextIteration">The iteration that runs next.</param>
/// <param name="Evaluations">Objective evaluations so far.</param>
/// <param name="Simulations">Simulations so far.</param>
/// <param name="ElapsedSeconds">Wall time so far [s].</param>
/// <param name="BestLoss">Best loss so far.</param>
/// <param name="BestParameters">Its point, constrained space.</param>
/// <param name="EarlyStopping">Early-stopping state.</param>
/// <param name="State">The optimizer state after iteration NextIteration − 1.</param>
public sealed record Checkpoint<TState>(int Format, string StateType, int NextIteration, long Evaluations, long Simulations,
    double ElapsedSeconds, double BestLoss, ImmutableArray<double> BestParameters, EarlyStoppingState EarlyStopping, TState State)
    where TState : class;
