using System.Collections.Immutable;

namespace NeuronLab.Model.Cells;

/// <summary>
/// Everything that defines a cell before it is lowered: shape, decor, named parameters, named regions and the
/// temperature (NEURON's <c>celsius</c>, read by mechanisms that declare that global).
/// </summary>
public sealed record CellDescription(
    CellShape Shape,
    Decor Decor,
    ImmutableArray<ParameterDefinition> Parameters,
    ImmutableDictionary<string, Region> NamedRegions,
    double Temperature = Decor.Defaults.Temperature)
{
    public CellDescription(CellShape shape, Decor decor)
        : this(shape, decor, ImmutableArray<ParameterDefinition>.Empty, ImmutableDictionary<string, Region>.Empty) { }

    /// <summary>The same cell with another named parameter.</summary>
    public CellDescription WithParameter(ParameterDefinition parameter) => this with { Parameters = Parameters.Add(parameter) };

    /// <summary>The same cell with a named region (overriding a standard name if equal).</summary>
    public CellDescription WithRegion(string name, Region region) => this with { NamedRegions = NamedRegions.SetItem(name, region) };

    /// <summary>The parameter called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">Unknown parameter; the message lists the known ones.</exception>
    public ParameterDefinition Parameter(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name)
        ?? throw new KeyNotFoundException($"The cell has no parameter '{name}'. Parameters: {string.Join(", ", Parameters.Select(p => p.Name))}.");
}
