using System.Collections.Immutable;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;

namespace NeuronLab.Simulation.Lowering;

/// <summary>Maps regions and locations of a cell description onto lowered nodes.</summary>
internal sealed class RegionResolver(CellDescription cell, ImmutableArray<NodeInfo> nodes, IReadOnlyDictionary<int, int> nodeOfGraphId)
{
    private readonly Dictionary<Region, ImmutableArray<int>> _cache = [];

    // Each branch's compartments in node order, built on first use: every lane's every stimulus asks (a 256-lane batch
    // on a 1001-compartment cable scanned all nodes 256 times per run).
    private readonly Lazy<ILookup<int, int>> _compartmentsOfBranch = new(() => Enumerable.Range(0, nodes.Length)
        .Where(i => nodes[i].Kind == NodeKind.Compartment).ToLookup(i => nodes[i].Branch));

    public ImmutableArray<int> Resolve(Region region)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue(region, out var hit)) return hit;
            var result = Compute(region, depth: 0).Order().ToImmutableArray();
            _cache[region] = result;
            return result;
        }
    }

    public int NodeAt(Location location)
    {
        switch (location)
        {
            case CompartmentLocation c:
                if (cell.Shape is not GraphShape) throw new ArgumentException("A compartment location needs a cell given as a compartment graph; use a branch location on a morphology.", nameof(location));
                return nodeOfGraphId.TryGetValue(c.Id, out var node)
                    ? node
                    : throw new ArgumentException($"Compartment {c.Id} does not exist (the graph has {nodeOfGraphId.Count}).", nameof(location));
            case BranchLocation b:
            {
                if (cell.Shape is not MorphologyShape m) throw new ArgumentException("A branch location needs a morphology; use a compartment location on a compartment graph.", nameof(location));
                if (b.Branch < 0 || b.Branch >= m.Morphology.Branches.Length)
                    throw new ArgumentException($"Branch {b.Branch} does not exist (the morphology has {m.Morphology.Branches.Length}).", nameof(location));
                if (b.Position is < 0 or > 1) throw new ArgumentException($"Branch position {b.Position} is outside [0, 1].", nameof(location));
                var length = m.Morphology.BranchLength(b.Branch);
                var x = b.Position * length;
                var last = -1;
                foreach (var i in _compartmentsOfBranch.Value[b.Branch])
                {
                    if (x < nodes[i].End) return i;
                    last = i;
                }
                return last >= 0 ? last : throw new InvalidOperationException($"Branch {b.Branch} has no compartments.");
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(location), location.GetType().Name, "Unknown location kind.");
        }
    }

    private IEnumerable<int> Compute(Region region, int depth)
    {
        if (depth > 32) throw new ArgumentException("Named regions refer to each other in a cycle.", nameof(region));
        var compartments = Enumerable.Range(0, nodes.Length).Where(i => nodes[i].Kind == NodeKind.Compartment);
        switch (region)
        {
            case AllRegion:
                return compartments;
            case TagRegion t:
                return compartments.Where(i => nodes[i].Tag == t.Tag);
            case NamedRegion n:
            {
                if (cell.NamedRegions.TryGetValue(n.Name, out var named) || Region.StandardNames.TryGetValue(n.Name, out named))
                    return Compute(named, depth + 1);
                var known = cell.NamedRegions.Keys.Concat(Region.StandardNames.Keys).Distinct().Order();
                throw new ArgumentException($"No region named '{n.Name}'. Known: {string.Join(", ", known)}.", nameof(region));
            }
            case BranchRegion b:
            {
                if (cell.Shape is not MorphologyShape) throw new ArgumentException("Branch regions need a morphology.", nameof(region));
                var set = b.Branches.ToHashSet();
                return compartments.Where(i => set.Contains(nodes[i].Branch));
            }
            case CompartmentRegion c:
            {
                if (cell.Shape is not GraphShape) throw new ArgumentException("Compartment regions need a compartment graph; use tags or branches on a morphology.", nameof(region));
                return c.Ids.Select(id => nodeOfGraphId.TryGetValue(id, out var node)
                    ? node
                    : throw new ArgumentException($"Compartment {id} does not exist (the graph has {nodeOfGraphId.Count}).", nameof(region)));
            }
            case UnionRegion u:
                return u.Parts.SelectMany(p => Compute(p, depth + 1)).Distinct();
            default:
                throw new ArgumentOutOfRangeException(nameof(region), region.GetType().Name, "Unknown region kind.");
        }
    }
}
