using System.Collections.Immutable;

namespace NeuronLab.Optimization.Gradient;

/// <summary>The state of <see cref="Adam"/> (the names of torch.optim.Adam's state in brackets).</summary>
/// <param name="X">The current point.</param>
/// <param name="M">First-moment estimate [exp_avg].</param>
/// <param name="V">Second-moment estimate [exp_avg_sq].</param>
/// <param name="VMax">Running maximum of <paramref name="V"/> for AMSGrad [max_exp_avg_sq]; empty when AMSGrad is off.</param>
/// <param name="Step">Number of steps taken so far [step].</param>
public sealed record AdamState(ImmutableArray<double> X, ImmutableArray<double> M, ImmutableArray<double> V, ImmutableArray<double> VMax, long Step);
