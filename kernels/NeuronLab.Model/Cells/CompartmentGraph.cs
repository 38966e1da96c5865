using System.Collections.Immutable;

namespace NeuronLab.Model.Cells;

/// <summary>One compartment of an explicit graph.</summary>
/// <param name="Id">Its id (0..n−1), used by regions and locations.</param>
/// <param name="Parent">Parent compartment id, −1 for the root.</param>
/// <param name="Area">Membrane area [µm²] (capacitance = cm · area).</param>
/// <param name="Conductance">Axial conductance to the parent [µS] (ignored at the root).</param>
/// <param name="Tag">Structure type, for <see cref="TagRegion"/> (1 soma, 3 dendrite, ...).</param>
public sealed record Compartment(int Id, int Parent, double Area, double Conductance, int Tag = 0);

/// <summary>
/// A cell given directly as compartments and coupling conductances (no geometry), as in the Jones &amp; Kording
/// 6-compartment model. Must be a tree (one root, no loops).
/// </summary>
public sealed record CompartmentGraph(ImmutableArray<Compartment> Compartments)
{
    /// <summary>
    /// A graph from density values: every compartment has <paramref name="area"/> [µm²], and each edge a coupling
    /// given as a conductance density relative to that area [S/cm²] (G[µS] = g · area · 1e-2).
    /// </summary>
    public static CompartmentGraph FromEdges(int count, IEnumerable<(int Parent, int Child)> edges, double area, double couplingDensity, int tag = 0)
    {
        var parents = Enumerable.Repeat(-1, count).ToArray();
        foreach (var (p, c) in edges)
        {
            if (c < 0 || c >= count || p < 0 || p >= count) throw new ArgumentException($"Edge {p}->{c} is outside 0..{count - 1}.", nameof(edges));
            if (parents[c] != -1) throw new ArgumentException($"Compartment {c} has two parents ({parents[c]} and {p}); the graph must be a tree.", nameof(edges));
            parents[c] = p;
        }
        var g = couplingDensity * area * 1e-2;
        return new CompartmentGraph([.. Enumerable.Range(0, count).Select(i => new Compartment(i, parents[i], area, g, tag))]);
    }

    /// <summary>
    /// Orients undirected <paramref name="pairs"/> (e.g. a networkx edge list, whose pairs come in any order) away from
    /// <paramref name="root"/>: the (parent, child) edges of <see cref="FromEdges"/>. Throws, naming the compartment, if the
    /// pairs do not form one tree over 0…<paramref name="count"/>−1.
    /// </summary>
    public static IReadOnlyList<(int Parent, int Child)> OrientFrom(int root, int count, IEnumerable<(int A, int B)> pairs)
    {
        var neighbours = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var edges = 0;
        foreach (var (a, b) in pairs)
        {
            if (a < 0 || a >= count || b < 0 || b >= count || a == b) throw new ArgumentException($"Edge {a}-{b} is not between two compartments of 0..{count - 1}.", nameof(pairs));
            neighbours[a].Add(b);
            neighbours[b].Add(a);
            edges++;
        }
        if (edges != count - 1) throw new ArgumentException($"A tree of {count} compartments has {count - 1} edges, got {edges}.", nameof(pairs));
        var parent = Enumerable.Repeat(-2, count).ToArray();
        parent[root] = -1;
        var result = new List<(int Parent, int Child)>(count - 1);
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in neighbours[node])
            {
                if (next == parent[node]) continue;
                if (parent[next] != -2) throw new ArgumentException($"Compartment {next} is reached twice from {root}: the edges contain a loop.", nameof(pairs));
                parent[next] = node;
                result.Add((node, next));
                queue.Enqueue(next);
            }
        }
        var unreached = Array.IndexOf(parent, -2);
        if (unreached >= 0) throw new ArgumentException($"Compartment {unreached} is not connected to {root}.", nameof(pairs));
        return result;
    }
}
