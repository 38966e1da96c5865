using NeuronLab.Optimization.Bijectors;

namespace NeuronLab.Fitting;

/// <summary>
/// A learnable parameter of a fitting problem: one of the cell's named parameters, seen by the optimizer in its own
/// unit. The optimizer's value x maps to the cell's canonical value θ = x · <paramref name="Scale"/>.
/// </summary>
/// <param name="Name">The cell parameter's name (a <c>ParameterDefinition</c> of the cell description).</param>
/// <param name="Scale">Canonical units per optimizer unit, e.g. 1e-3 to fit a conductance stored in S/cm² in mS/cm².</param>
/// <param name="Bijector">Optional bound: the optimizer works on u with x = Forward(u); null means x = u.</param>
/// <example><c>new FitParameter("gNa0", Scale: 1e-3)</c> fits gNa0 in mS/cm² (x = 100 means 0.1 S/cm²).</example>
public sealed record FitParameter(string Name, double Scale = 1.0, Bijector? Bijector = null)
{
    /// <summary>The scale, checked to be positive and finite.</summary>
    public double Scale { get; } = Scale > 0 && double.IsFinite(Scale) ? Scale : throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "Must be > 0 and finite.");
}
