using System.Collections.Immutable;

namespace NeuronLab.Optimization.Gradient;

/// <summary>
/// A first-order optimizer. Implementations are stateless, immutable configuration; everything that changes
/// from step to step (including the current point) lives in <typeparamref name="TState"/>, an immutable record
/// that can be serialized into a checkpoint.
/// </summary>
/// <typeparam name="TState">The optimizer's state record.</typeparam>
public interface IGradientOptimizer<TState> where TState : class
{
    /// <summary>The state at the start point <paramref name="x0"/> (zero moments, step count 0).</summary>
    TState Init(ReadOnlySpan<double> x0);

    /// <summary>The current point held by <paramref name="state"/>.</summary>
    ImmutableArray<double> Parameters(TState state);

    /// <summary>One step from <paramref name="state"/> along the gradient at its current point.</summary>
    /// <returns>The new point and the new state (which holds the new point).</returns>
    (ImmutableArray<double> X, TState State) Step(TState state, ReadOnlySpan<double> gradient);
}
