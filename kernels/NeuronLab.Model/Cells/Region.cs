using System.Collections.Immutable;

namespace NeuronLab.Model.Cells;

/// <summary>
/// A set of compartments, described before discretisation: everything, an SWC structure type, a named region,
/// branches of a morphology, or compartments of an explicit compartment graph.
/// </summary>
public abstract record Region
{
    /// <summary>The whole cell.</summary>
    public static Region All { get; } = new AllRegion();

    /// <summary>SWC type 1.</summary>
    public static Region Soma { get; } = new NamedRegion("soma");

    /// <summary>SWC type 2.</summary>
    public static Region Axon { get; } = new NamedRegion("axon");

    /// <summary>SWC type 3.</summary>
    public static Region Dendrite { get; } = new NamedRegion("dend");

    /// <summary>SWC type 4.</summary>
    public static Region Apical { get; } = new NamedRegion("apic");

    public static Region Tagged(int tag) => new TagRegion(tag);
    public static Region Named(string name) => new NamedRegion(name);
    public static Region OnCompartments(params int[] ids) => new CompartmentRegion([.. ids]);
    public static Region OnBranches(params int[] ids) => new BranchRegion([.. ids]);

    /// <summary>The tags the standard names stand for, unless a cell redefines them.</summary>
    public static IReadOnlyDictionary<string, Region> StandardNames { get; } = new Dictionary<string, Region>(StringComparer.Ordinal)
    {
        ["soma"] = new TagRegion(1),
        ["axon"] = new TagRegion(2),
        ["dend"] = new TagRegion(3),
        ["apic"] = new TagRegion(4),
    };
}

/// <summary>Every compartment with membrane.</summary>
public sealed record AllRegion : Region;

/// <summary>Compartments made from segments of one SWC structure type (or graph compartments with that tag).</summary>
public sealed record TagRegion(int Tag) : Region;

/// <summary>A region looked up by name in the cell (standard names: soma, axon, dend, apic).</summary>
public sealed record NamedRegion(string Name) : Region;

/// <summary>All compartments of the listed morphology branches.</summary>
public sealed record BranchRegion(ImmutableArray<int> Branches) : Region;

/// <summary>The listed compartments, by the ids of an explicit compartment graph.</summary>
public sealed record CompartmentRegion(ImmutableArray<int> Ids) : Region;

/// <summary>The union of regions.</summary>
public sealed record UnionRegion(ImmutableArray<Region> Parts) : Region;
