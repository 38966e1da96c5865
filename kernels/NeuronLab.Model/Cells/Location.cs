namespace NeuronLab.Model.Cells;

/// <summary>A place on the cell, resolved to a compartment when the cell is lowered.</summary>
public abstract record Location
{
    /// <summary>Position <paramref name="x"/> ∈ [0, 1] along a morphology branch (NEURON's <c>sec(x)</c>).</summary>
    public static Location OnBranch(int branch, double x) => new BranchLocation(branch, x);

    /// <summary>A compartment of an explicit graph, by id.</summary>
    public static Location AtCompartment(int id) => new CompartmentLocation(id);
}

/// <summary>Position <paramref name="Position"/> ∈ [0, 1] along branch <paramref name="Branch"/>; 0 and 1 are the branch ends.</summary>
public sealed record BranchLocation(int Branch, double Position) : Location;

/// <summary>Compartment <paramref name="Id"/> of an explicit compartment graph.</summary>
public sealed record CompartmentLocation(int Id) : Location;
