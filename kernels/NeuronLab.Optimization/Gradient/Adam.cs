using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace NeuronLab.Optimization.Gradient;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) with the update and bias correction of PyTorch's <c>torch.optim.Adam</c>:
/// <code>
/// g ← g + λ x                           (weight decay, L2 form, as torch.optim.Adam; not AdamW)
/// m ← β₁ m + (1 − β₁) g
/// v ← β₂ v + (1 − β₂) g²
/// v̂ ← max(v̂, v)                         (AMSGrad only; v̂ replaces v below)
/// x ← x − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// Note that ε is added after dividing √v by √(1 − β₂ᵗ), exactly as PyTorch does.
/// </summary>
/// <param name="LearningRate">Step size lr (&gt; 0).</param>
/// <param name="Beta1">Decay of the first moment, default 0.9.</param>
/// <param name="Beta2">Decay of the second moment, default 0.999.</param>
/// <param name="Epsilon">Denominator guard, default 1e-8.</param>
/// <param name="WeightDecay">L2 coefficient λ added to the gradient, default 0.</param>
/// <param name="AmsGrad">Use the AMSGrad maximum of the second moment.</param>
public sealed record Adam(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8,
    double WeightDecay = 0.0, bool AmsGrad = false) : IGradientOptimizer<AdamState>
{
    /// <inheritdoc />
    public AdamState Init(ReadOnlySpan<double> x0)
    {
        Validate();
        var zeros = ImmutableArray.Create(new double[x0.Length]);
        return new AdamState(ImmutableArray.Create(x0.ToArray()), zeros, zeros, AmsGrad ? zeros : ImmutableArray<double>.Empty, 0);
    }

    /// <inheritdoc />
    public ImmutableArray<double> Parameters(AdamState state) => state.X;

    /// <inheritdoc />
    public (ImmutableArray<double> X, AdamState State) Step(AdamState state, ReadOnlySpan<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(state);
        var n = state.X.Length;
        if (gradient.Length != n)
            throw new ArgumentException($"Gradient has {gradient.Length} entries, the point has {n}.", nameof(gradient));
        var t = state.Step + 1;
        var x = new double[n];
        var m = new double[n];
        var v = new double[n];
        var vMax = AmsGrad ? new double[n] : null;
        var biasCorrection1 = 1.0 - Math.Pow(Beta1, t);
        var biasCorrection2Sqrt = Math.Sqrt(1.0 - Math.Pow(Beta2, t));
        var stepSize = LearningRate / biasCorrection1;
        for (var i = 0; i < n; i++)
        {
            var g = gradient[i];
            if (WeightDecay != 0.0)
                g += WeightDecay * state.X[i];
            m[i] = Beta1 * state.M[i] + (1.0 - Beta1) * g;
            v[i] = Beta2 * state.V[i] + (1.0 - Beta2) * g * g;
            double second;
            if (vMax is not null)
            {
                vMax[i] = Math.Max(state.VMax[i], v[i]);
                second = vMax[i];
            }
            else
            {
                second = v[i];
            }
            var denom = Math.Sqrt(second) / biasCorrection2Sqrt + Epsilon;
            x[i] = state.X[i] - stepSize * m[i] / denom;
        }
        var xs = ImmutableCollectionsMarshal.AsImmutableArray(x);
        var next = new AdamState(xs, ImmutableCollectionsMarshal.AsImmutableArray(m), ImmutableCollectionsMarshal.AsImmutableArray(v),
            vMax is null ? ImmutableArray<double>.Empty : ImmutableCollectionsMarshal.AsImmutableArray(vMax), t);
        return (xs, next);
    }

    private void Validate()
    {
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be > 0.");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "Must be in [0, 1).");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "Must be in [0, 1).");
        if (!(Epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Must be >= 0.");
        if (!(WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Must be >= 0.");
    }
}
