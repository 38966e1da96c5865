using NeuronLab.Model.Morph;

namespace NeuronLab.Model.Cells;

/// <summary>The geometry of a cell: a morphology with a discretisation, or an explicit compartment graph.</summary>
public abstract record CellShape;

/// <summary>A morphology cut into compartments by <paramref name="Discretization"/>.</summary>
public sealed record MorphologyShape(Morphology Morphology, Discretization Discretization) : CellShape;

/// <summary>An explicit compartment graph.</summary>
public sealed record GraphShape(CompartmentGraph Graph) : CellShape;
