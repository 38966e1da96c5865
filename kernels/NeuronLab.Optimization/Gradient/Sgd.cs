using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace NeuronLab.Optimization.Gradient;

/// <summary>
/// Stochastic gradient descent with (optionally Nesterov) momentum, as PyTorch's <c>torch.optim.SGD</c>:
/// <code>
/// g ← g + λ x
/// b ← g                                  (first step)
/// b ← μ b + (1 − dampening) g            (later steps)
/// d ← g + μ b   (Nesterov)   or   d ← b
/// x ← x − lr · d
/// </code>
/// With <see cref="Momentum"/> = 0 this is plain gradient descent.
/// </summary>
/// <param name="LearningRate">Step size lr (&gt; 0).</param>
/// <param name="Momentum">Momentum μ in [0, 1).</param>
/// <param name="Nesterov">Use Nesterov momentum (needs μ &gt; 0 and dampening 0).</param>
/// <param name="Dampening">Dampening of the momentum buffer, default 0.</param>
/// <param name="WeightDecay">L2 coefficient λ added to the gradient, default 0.</param>
public sealed record Sgd(double LearningRate, double Momentum = 0.0, bool Nesterov = false, double Dampening = 0.0,
    double WeightDecay = 0.0) : IGradientOptimizer<SgdState>
{
    /// <inheritdoc />
    public SgdState Init(ReadOnlySpan<double> x0)
    {
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be > 0.");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Must be in [0, 1).");
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
            throw new ArgumentException("Nesterov momentum requires Momentum > 0 and Dampening = 0.", nameof(Nesterov));
        return new SgdState(ImmutableArray.Create(x0.ToArray()), ImmutableArray<double>.Empty, 0);
    }

    /// <inheritdoc />
    public ImmutableArray<double> Parameters(SgdState state) => state.X;

    /// <inheritdoc />
    public (ImmutableArray<double> X, SgdState State) Step(SgdState state, ReadOnlySpan<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(state);
        var n = state.X.Length;
        if (gradient.Length != n)
            throw new ArgumentException($"Gradient has {gradient.Length} entries, the point has {n}.", nameof(gradient));
        var x = new double[n];
        var buffer = Momentum != 0.0 ? new double[n] : null;
        for (var i = 0; i < n; i++)
        {
            var g = gradient[i];
            if (WeightDecay != 0.0)
                g += WeightDecay * state.X[i];
            var d = g;
            if (buffer is not null)
            {
                buffer[i] = state.MomentumBuffer.IsDefaultOrEmpty ? g : Momentum * state.MomentumBuffer[i] + (1.0 - Dampening) * g;
                d = Nesterov ? g + Momentum * buffer[i] : buffer[i];
            }
            x[i] = state.X[i] - LearningRate * d;
        }
        var xs = ImmutableCollectionsMarshal.AsImmutableArray(x);
        var next = new SgdState(xs, buffer is null ? ImmutableArray<double>.Empty : ImmutableCollectionsMarshal.AsImmutableArray(buffer), state.Step + 1);
        return (xs, next);
    }
}
