using System.Collections.Immutable;

namespace NeuronLab.Optimization.Bijectors;

/// <summary>
/// One <see cref="Bijector"/> per coordinate: x_i = b_i.Forward(u_i). Optimizers work on u; objectives see x.
/// </summary>
/// <example>
/// <code>
/// var bij = new VectorBijector([new LogBijector(), new SigmoidBijector(-80, -40)]);
/// double[] u = bij.Inverse([0.12, -65.0]);
/// </code>
/// </example>
public sealed record VectorBijector(ImmutableArray<Bijector> Coordinates)
{
    /// <summary>The number of coordinates.</summary>
    public int Dimension => Coordinates.Length;

    /// <summary>A vector bijector of <paramref name="dimension"/> identical coordinates.</summary>
    public static VectorBijector Repeat(Bijector bijector, int dimension) => new(Enumerable.Repeat(bijector, dimension).ToImmutableArray());

    /// <summary>x = Forward(u), coordinate-wise, into <paramref name="destination"/>.</summary>
    public void Forward(ReadOnlySpan<double> u, Span<double> destination)
    {
        Check(u.Length, nameof(u));
        Check(destination.Length, nameof(destination));
        for (var i = 0; i < u.Length; i++)
            destination[i] = Coordinates[i].Forward(u[i]);
    }

    /// <summary>u = Inverse(x), coordinate-wise, into <paramref name="destination"/>.</summary>
    public void Inverse(ReadOnlySpan<double> x, Span<double> destination)
    {
        Check(x.Length, nameof(x));
        Check(destination.Length, nameof(destination));
        for (var i = 0; i < x.Length; i++)
            destination[i] = Coordinates[i].Inverse(x[i]);
    }

    /// <summary>x = Forward(u) as a new array.</summary>
    public double[] Forward(ReadOnlySpan<double> u)
    {
        var x = new double[u.Length];
        Forward(u, x);
        return x;
    }

    /// <summary>u = Inverse(x) as a new array.</summary>
    public double[] Inverse(ReadOnlySpan<double> x)
    {
        var u = new double[x.Length];
        Inverse(x, u);
        return u;
    }

    /// <summary>The diagonal Jacobian dx_i/du_i at u, into <paramref name="destination"/>.</summary>
    public void Jacobian(ReadOnlySpan<double> u, Span<double> destination)
    {
        Check(u.Length, nameof(u));
        Check(destination.Length, nameof(destination));
        for (var i = 0; i < u.Length; i++)
            destination[i] = Coordinates[i].Derivative(u[i]);
    }

    /// <summary>
    /// Maps a gradient from constrained to unconstrained space: ∂f/∂u_i = ∂f/∂x_i · dx_i/du_i.
    /// </summary>
    /// <param name="u">The unconstrained point.</param>
    /// <param name="gradientX">∂f/∂x at x = Forward(u).</param>
    /// <param name="destination">∂f/∂u.</param>
    public void PullBackGradient(ReadOnlySpan<double> u, ReadOnlySpan<double> gradientX, Span<double> destination)
    {
        Check(u.Length, nameof(u));
        Check(gradientX.Length, nameof(gradientX));
        Check(destination.Length, nameof(destination));
        for (var i = 0; i < u.Length; i++)
            destination[i] = gradientX[i] * Coordinates[i].Derivative(u[i]);
    }

    private void Check(int length, string name)
    {
        if (length != Coordinates.Length)
            throw new ArgumentException($"Expected {Coordinates.Length} entries, got {length}.", name);
    }
}
