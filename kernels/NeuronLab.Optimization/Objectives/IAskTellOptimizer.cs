using System.Collections.Immutable;

namespace NeuronLab.Optimization.Objectives;

/// <summary>
/// A population-based optimizer with an ask/tell interface: <see cref="Ask"/> returns a whole population so that it
/// can be evaluated as one batch, <see cref="Tell"/> takes their losses in the same order. The optimizer object is
/// stateless configuration; <typeparamref name="TState"/> is an immutable, serializable record (it holds the RNG state).
/// </summary>
/// <typeparam name="TState">The optimizer's state record.</typeparam>
public interface IAskTellOptimizer<TState> where TState : class
{
    /// <summary>Samples the next population. The returned state remembers it until <see cref="Tell"/>.</summary>
    (TState State, ImmutableArray<ImmutableArray<double>> Candidates) Ask(TState state);

    /// <summary>Updates the state with the losses of the population returned by the last <see cref="Ask"/>.</summary>
    TState Tell(TState state, ReadOnlySpan<double> losses);

    /// <summary>Whether a termination criterion has been met.</summary>
    bool IsDone(TState state);

    /// <summary>The best loss seen so far (+∞ before the first tell).</summary>
    double BestLoss(TState state);

    /// <summary>The candidate that gave <see cref="BestLoss"/>.</summary>
    ImmutableArray<double> BestParameters(TState state);

    /// <summary>Number of objective evaluations told so far.</summary>
    long Evaluations(TState state);
}
