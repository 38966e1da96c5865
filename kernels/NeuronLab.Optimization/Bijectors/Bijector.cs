namespace NeuronLab.Optimization.Bijectors;

/// <summary>
/// A smooth, strictly increasing map x = Forward(u) from the unconstrained real line (where optimizers work)
/// onto a constrained set of one parameter. A closed set: <see cref="IdentityBijector"/>,
/// <see cref="AffineBijector"/>, <see cref="LogBijector"/>, <see cref="SoftplusBijector"/>,
/// <see cref="SigmoidBijector"/>.
/// </summary>
/// <remarks>
/// A gradient in constrained space maps to unconstrained space by the chain rule:
/// ∂f/∂u = ∂f/∂x · <see cref="Derivative"/>(u).
/// </remarks>
public abstract record Bijector
{
    private protected Bijector() { }

    /// <summary>x = Forward(u): unconstrained → constrained.</summary>
    public abstract double Forward(double u);

    /// <summary>u = Inverse(x): constrained → unconstrained. Throws when x is outside the constrained set.</summary>
    public abstract double Inverse(double x);

    /// <summary>dx/du, the Jacobian of <see cref="Forward"/> at u (always &gt; 0 where finite).</summary>
    public abstract double Derivative(double u);
}

/// <summary>x = u (no constraint).</summary>
public sealed record IdentityBijector : Bijector
{
    /// <inheritdoc />
    public override double Forward(double u) => u;
    /// <inheritdoc />
    public override double Inverse(double x) => x;
    /// <inheritdoc />
    public override double Derivative(double u) => 1.0;
}

/// <summary>x = Scale·u + Shift with Scale &gt; 0 (rescales parameters of very different magnitude).</summary>
/// <param name="Scale">Slope (&gt; 0), e.g. the typical size of the parameter.</param>
/// <param name="Shift">Offset, e.g. the parameter's default.</param>
public sealed record AffineBijector(double Scale, double Shift) : Bijector
{
    /// <summary>Checks that <see cref="Scale"/> is positive and finite.</summary>
    public double Scale { get; } = Scale > 0 && double.IsFinite(Scale) ? Scale : throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "Must be > 0 and finite.");
    /// <inheritdoc />
    public override double Forward(double u) => Scale * u + Shift;
    /// <inheritdoc />
    public override double Inverse(double x) => (x - Shift) / Scale;
    /// <inheritdoc />
    public override double Derivative(double u) => Scale;
}

/// <summary>x = Lower + eᵘ, for x &gt; Lower (named after u = log(x − Lower)); a positive conductance uses Lower = 0.</summary>
/// <param name="Lower">The open lower bound, default 0.</param>
public sealed record LogBijector(double Lower = 0.0) : Bijector
{
    /// <inheritdoc />
    public override double Forward(double u) => Lower + Math.Exp(u);
    /// <inheritdoc />
    public override double Inverse(double x) => x > Lower ? Math.Log(x - Lower) : throw new ArgumentOutOfRangeException(nameof(x), x, $"Must be > {Lower}.");
    /// <inheritdoc />
    public override double Derivative(double u) => Math.Exp(u);
}

/// <summary>x = Lower + log(1 + eᵘ), for x &gt; Lower; grows linearly, not exponentially, for large u.</summary>
/// <param name="Lower">The open lower bound, default 0.</param>
public sealed record SoftplusBijector(double Lower = 0.0) : Bijector
{
    /// <inheritdoc />
    public override double Forward(double u) => Lower + StableMath.Softplus(u);
    /// <inheritdoc />
    public override double Inverse(double x) => x > Lower ? StableMath.SoftplusInverse(x - Lower) : throw new ArgumentOutOfRangeException(nameof(x), x, $"Must be > {Lower}.");
    /// <inheritdoc />
    public override double Derivative(double u) => StableMath.Sigmoid(u);
}

/// <summary>x = Lower + (Upper − Lower)·σ(u), σ(u) = 1/(1 + e⁻ᵘ), for Lower &lt; x &lt; Upper.</summary>
/// <param name="Lower">The open lower bound.</param>
/// <param name="Upper">The open upper bound (&gt; Lower).</param>
public sealed record SigmoidBijector(double Lower, double Upper) : Bijector
{
    /// <summary>Checks that the interval is non-empty and finite.</summary>
    public double Upper { get; } = Upper > Lower && double.IsFinite(Upper) && double.IsFinite(Lower) ? Upper : throw new ArgumentOutOfRangeException(nameof(Upper), Upper, "Must be finite and > Lower.");
    /// <inheritdoc />
    public override double Forward(double u) => Lower + (Upper - Lower) * StableMath.Sigmoid(u);
    /// <inheritdoc />
    public override double Inverse(double x) => x > Lower && x < Upper
        ? StableMath.Logit((x - Lower) / (Upper - Lower))
        : throw new ArgumentOutOfRangeException(nameof(x), x, $"Must be in ({Lower}, {Upper}).");
    /// <inheritdoc />
    public override double Derivative(double u)
    {
        var s = StableMath.Sigmoid(u);
        return (Upper - Lower) * s * (1.0 - s);
    }
}
