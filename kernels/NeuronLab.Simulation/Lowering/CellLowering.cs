using System.Collections.Immutable;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;

namespace NeuronLab.Simulation.Lowering;

/// <summary>
/// Lowers a <see cref="CellDescription"/> to a <see cref="LoweredCell"/>: discretises the morphology (or takes the
/// compartment graph), computes areas and axial conductances with NEURON/Arbor geometry, orders nodes for the Hines
/// solve, and resolves the decor onto nodes.
/// </summary>
/// <remarks>
/// Geometry: a compartment's area is the lateral area of the frustums over its interval. Its node sits at the
/// interval's midpoint; the axial conductance between neighbouring nodes is G = 100 / Σ Ra·∫dx/(πr²) [µS] over the
/// half-intervals between them (Ra in Ω·cm, lengths in µm). Where branches meet (forks, tag changes, several root
/// branches) a zero-area junction node joins them, as NEURON's section end nodes do.
/// </remarks>
public static class CellLowering
{
    public static LoweredCell Lower(CellDescription cell) => cell.Shape switch
    {
        MorphologyShape m => LowerMorphology(cell, m),
        GraphShape g => LowerGraph(cell, g.Graph),
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell.Shape.GetType().Name, "Unknown cell shape."),
    };

    private static LoweredCell LowerMorphology(CellDescription cell, MorphologyShape shape)
    {
        var morphology = shape.Morphology;
        var geometries = morphology.Branches.Select(b => new BranchGeometry(morphology, b)).ToArray();
        var intervals = Discretizer.Intervals(morphology, geometries, shape.Discretization);

        var nodes = new List<NodeInfo>();
        var parent = new List<int>();
        var distalJunction = new int[morphology.Branches.Length];
        var firstNode = new int[morphology.Branches.Length];
        var lastNode = new int[morphology.Branches.Length];
        var childrenOf = morphology.Branches.ToLookup(b => b.Parent);

        var roots = childrenOf[-1].ToList();
        var rootJunction = -1;
        if (roots.Count > 1)
        {
            rootJunction = 0;
            nodes.Add(new NodeInfo(NodeKind.Junction, -1, 0, 0, roots[0].Tag, -1));
            parent.Add(-1);
        }

        // Depth-first over branches: every branch's compartments are contiguous and parents come first.
        var stack = new Stack<Branch>(roots.AsEnumerable().Reverse());
        while (stack.Count > 0)
        {
            var branch = stack.Pop();
            var upstream = branch.Parent >= 0 ? distalJunction[branch.Parent] : rootJunction;
            firstNode[branch.Id] = nodes.Count;
            foreach (var (start, end) in intervals[branch.Id])
            {
                parent.Add(nodes.Count == firstNode[branch.Id] ? upstream : nodes.Count - 1);
                nodes.Add(new NodeInfo(NodeKind.Compartment, branch.Id, start, end, branch.Tag, -1));
            }
            lastNode[branch.Id] = nodes.Count - 1;
            var children = childrenOf[branch.Id].ToList();
            if (children.Count > 0)
            {
                distalJunction[branch.Id] = nodes.Count;
                parent.Add(nodes.Count - 1);
                var length = geometries[branch.Id].Length;
                nodes.Add(new NodeInfo(NodeKind.Junction, branch.Id, length, length, branch.Tag, -1));
            }
            foreach (var child in Enumerable.Reverse(children)) stack.Push(child);
        }

        var nodeArray = nodes.ToImmutableArray();
        var regions = new RegionResolver(cell, nodeArray, new Dictionary<int, int>());
        var paint = DecorResolver.Resolve(cell, nodeArray, regions);

        var area = new double[nodes.Count];
        var conductance = new double[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (node.Kind == NodeKind.Compartment) area[i] = geometries[node.Branch].Area(node.Start, node.End);
            if (parent[i] < 0) continue;
            // Resistance from this node's reference point to its parent's, each half with its own compartment's Ra.
            var p = nodes[parent[i]];
            var resistance = HalfResistance(geometries, node, paint.AxialResistivity[i], towardParent: true)
                + HalfResistance(geometries, p, paint.AxialResistivity[parent[i]], towardParent: false);
            conductance[i] = 100.0 / resistance;
        }

        return new LoweredCell(cell, nodeArray, [.. parent], [.. area], [.. conductance], paint.MembraneCapacitance,
            paint.InitialVoltage, paint.ReversalPotentials, paint.Mechanisms, regions);
    }

    // Ra · ∫ dx/(πr²) [Ω·cm/µm] over the half of a compartment between its midpoint and the end facing the other node.
    // Junctions have no extent. A compartment faces its parent at its proximal end, and a child at its distal end.
    private static double HalfResistance(BranchGeometry[] geometries, NodeInfo node, double ra, bool towardParent)
    {
        if (node.Kind == NodeKind.Junction) return 0.0;
        var mid = 0.5 * (node.Start + node.End);
        var g = geometries[node.Branch];
        return ra * (towardParent ? g.ResistanceIntegral(node.Start, mid) : g.ResistanceIntegral(mid, node.End));
    }

    private static LoweredCell LowerGraph(CellDescription cell, CompartmentGraph graph)
    {
        var compartments = graph.Compartments;
        for (var i = 0; i < compartments.Length; i++)
        {
            if (compartments[i].Id != i) throw new ArgumentException($"Compartment at position {i} has id {compartments[i].Id}; ids must be 0..n-1 in order.", nameof(cell));
            if (!(compartments[i].Area > 0)) throw new ArgumentException($"Compartment {i} has area {compartments[i].Area}; areas must be positive [µm²].", nameof(cell));
            if (compartments[i].Parent >= 0 && !(compartments[i].Conductance > 0))
                throw new ArgumentException($"Compartment {i} has coupling conductance {compartments[i].Conductance}; it must be positive [µS].", nameof(cell));
        }
        var roots = compartments.Where(c => c.Parent == -1).ToList();
        if (roots.Count != 1) throw new ArgumentException($"A compartment graph needs exactly one root (parent -1); found {roots.Count}.", nameof(cell));
        var children = compartments.ToLookup(c => c.Parent);

        var order = new List<int>();
        var nodeOf = new Dictionary<int, int>();
        var stack = new Stack<int>([roots[0].Id]);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            nodeOf[id] = order.Count;
            order.Add(id);
            foreach (var child in children[id].OrderByDescending(c => c.Id)) stack.Push(child.Id);
        }
        if (order.Count != compartments.Length) throw new ArgumentException("The compartment graph is not connected or has a loop.", nameof(cell));

        var nodes = order.Select(id => new NodeInfo(NodeKind.Compartment, -1, 0, 0, compartments[id].Tag, id)).ToImmutableArray();
        var parent = order.Select(id => compartments[id].Parent < 0 ? -1 : nodeOf[compartments[id].Parent]).ToImmutableArray();
        var regions = new RegionResolver(cell, nodes, nodeOf);
        var paint = DecorResolver.Resolve(cell, nodes, regions);
        return new LoweredCell(cell, nodes, parent, [.. order.Select(id => compartments[id].Area)],
            [.. order.Select(id => compartments[id].Parent < 0 ? 0.0 : compartments[id].Conductance)],
            paint.MembraneCapacitance, paint.InitialVoltage, paint.ReversalPotentials, paint.Mechanisms, regions);
    }
}
