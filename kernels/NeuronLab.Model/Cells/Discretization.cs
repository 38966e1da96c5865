namespace NeuronLab.Model.Cells;

/// <summary>How a morphology is cut into compartments (Arbor's cv policies, NEURON's nseg).</summary>
public abstract record Discretization
{
    public static Discretization OnePerSegment { get; } = new PerSegmentDiscretization();
    public static Discretization PerBranch(int count) => new PerBranchDiscretization(count);
    public static Discretization MaxLength(double microns) => new MaxLengthDiscretization(microns);
    public static Discretization FixedCount(int total) => new FixedCountDiscretization(total);
}

/// <summary>One compartment per SWC segment (boundaries at the sample points).</summary>
public sealed record PerSegmentDiscretization : Discretization;

/// <summary><paramref name="Count"/> equal-length compartments per branch (NEURON's nseg).</summary>
public sealed record PerBranchDiscretization(int Count) : Discretization;

/// <summary>Per branch, the fewest equal compartments no longer than <paramref name="Microns"/> µm.</summary>
public sealed record MaxLengthDiscretization(double Microns) : Discretization;

/// <summary>About <paramref name="Total"/> compartments over the cell, shared by branch length (at least one per branch).</summary>
public sealed record FixedCountDiscretization(int Total) : Discretization;
