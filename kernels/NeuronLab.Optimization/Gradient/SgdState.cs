using System.Collections.Immutable;

namespace NeuronLab.Optimization.Gradient;

/// <summary>The state of <see cref="Sgd"/>.</summary>
/// <param name="X">The current point.</param>
/// <param name="MomentumBuffer">The momentum buffer b [momentum_buffer]; empty before the first step.</param>
/// <param name="Step">Number of steps taken so far.</param>
public sealed record SgdState(ImmutableArray<double> X, ImmutableArray<double> MomentumBuffer, long Step);
