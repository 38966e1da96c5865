using System.Collections.Immutable;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Mechanisms;

namespace NeuronLab.Simulation.Lowering;

/// <summary>Whether a node carries membrane or only joins branches.</summary>
public enum NodeKind
{
    /// <summary>A compartment with membrane area, capacitance and mechanisms.</summary>
    Compartment,
    /// <summary>A zero-area node where branches meet (NEURON's section end node, Arbor's trivial CV): no capacitance,
    /// its voltage is the conductance-weighted mean of its neighbours.</summary>
    Junction,
}

/// <summary>Where a node comes from: its branch and arc-length interval [µm] (morphologies) or graph id.</summary>
public sealed record NodeInfo(NodeKind Kind, int Branch, double Start, double End, int Tag, int GraphId);

/// <summary>A mechanism inserted on some nodes, with its parameter values there (canonical units).</summary>
/// <param name="Nodes">The nodes, ascending.</param>
/// <param name="ParameterValues">[parameter][instance], in the order of <c>Mechanism.Parameters</c>.</param>
public sealed record MechanismInstances(Mechanism Mechanism, ImmutableArray<int> Nodes, ImmutableArray<ImmutableArray<double>> ParameterValues);

/// <summary>
/// A cell lowered to arrays: nodes in Hines order (<c>Parent[i] &lt; i</c>), their areas, capacitances and axial
/// conductances, initial voltages, reversal potentials and mechanism instances. Produced by <see cref="CellLowering"/>;
/// shared by every lane of a batch.
/// </summary>
public sealed class LoweredCell
{
    internal LoweredCell(
        CellDescription description, ImmutableArray<NodeInfo> nodes, ImmutableArray<int> parent,
        ImmutableArray<double> area, ImmutableArray<double> axialConductance, ImmutableArray<double> membraneCapacitance,
        ImmutableArray<double> initialVoltage, ImmutableDictionary<string, ImmutableArray<double>> reversalPotentials,
        ImmutableArray<MechanismInstances> mechanisms, RegionResolver regions)
    {
        Description = description;
        Nodes = nodes;
        Parent = parent;
        Area = area;
        AxialConductance = axialConductance;
        MembraneCapacitance = membraneCapacitance;
        InitialVoltage = initialVoltage;
        ReversalPotentials = reversalPotentials;
        Mechanisms = mechanisms;
        _regions = regions;
    }

    private readonly RegionResolver _regions;

    public CellDescription Description { get; }

    /// <summary>Number of nodes (compartments and junctions).</summary>
    public int NodeCount => Parent.Length;

    public ImmutableArray<NodeInfo> Nodes { get; }

    /// <summary>Parent node; −1 for the root (node 0).</summary>
    public ImmutableArray<int> Parent { get; }

    /// <summary>Membrane area [µm²]; 0 at junctions.</summary>
    public ImmutableArray<double> Area { get; }

    /// <summary>Axial conductance between a node and its parent [µS]; 0 at the root.</summary>
    public ImmutableArray<double> AxialConductance { get; }

    /// <summary>Specific membrane capacitance [µF/cm²] (capacitance = cm · area · 1e-5 nF).</summary>
    public ImmutableArray<double> MembraneCapacitance { get; }

    /// <summary>Membrane potential at t = 0 [mV].</summary>
    public ImmutableArray<double> InitialVoltage { get; }

    /// <summary>Reversal potential per ion and node [mV].</summary>
    public ImmutableDictionary<string, ImmutableArray<double>> ReversalPotentials { get; }

    public ImmutableArray<MechanismInstances> Mechanisms { get; }

    /// <summary>Number of nodes with membrane.</summary>
    public int CompartmentCount => Nodes.Count(n => n.Kind == NodeKind.Compartment);

    /// <summary>The node a location falls in.</summary>
    public int NodeAt(Location location) => _regions.NodeAt(location);

    /// <summary>The compartment nodes of a region, ascending.</summary>
    public ImmutableArray<int> NodesIn(Region region) => _regions.Resolve(region);
}
