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
}
