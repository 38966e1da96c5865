using System.Collections.Immutable;
using System.Globalization;
using NeuronLab.Model.Cells;

namespace NeuronLab.Experiments.JonesKording;

/// <summary>
/// The authors' 184-compartment Gidon graph (<c>gidon184_edges.csv</c>) as NeuronLab can simulate it. The file is an
/// undirected edge list (183 pairs; 4 and 125 appear twice as a "child", 3 never) and is <b>not one tree</b>: the
/// compartments connected to the soma form a tree, and the rest form a separate piece that is not connected to the soma
/// and contains a loop. The authors' dense coupling matrix runs any graph; a tree solver runs only trees. The soma's
/// tree is electrically independent of the detached piece, so simulating it alone gives exactly the voltages it has in
/// the authors' model; the detached piece is left out and reported.
/// </summary>
/// <param name="Original">Original id of each compartment we simulate, indexed by our compartment id (0 = soma).</param>
/// <param name="Edges">(parent, child) in our ids, oriented from the soma.</param>
/// <param name="Detached">Original ids not connected to the soma.</param>
/// <param name="DetachedEdges">Edges among <paramref name="Detached"/> (more than their count − 1 means a loop).</param>
/// <param name="Total">Compartments in the file.</param>
public sealed record JkGidonTree(ImmutableArray<int> Original, IReadOnlyList<(int Parent, int Child)> Edges, ImmutableArray<int> Detached, int DetachedEdges, int Total)
{
    /// <summary>Reads <paramref name="path"/> with <paramref name="total"/> compartments; errors name the line.</summary>
    public static JkGidonTree Read(string path, int total)
    {
        var pairs = File.ReadLines(path).Skip(1).Select((line, i) => (Line: line, Number: i + 2)).Where(l => l.Line.Length > 0).Select(l =>
        {
            var parts = l.Line.Split(',');
            if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var a) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var b)
                || a < 0 || b < 0 || a >= total || b >= total)
                throw new FormatException($"{path}:{l.Number}: expected 'parent,child' compartment ids in 0..{total - 1}, got '{l.Line}'.");
            return (a, b);
        }).ToList();

        var connected = new HashSet<int> { 0 };
        var queue = new Queue<int>([0]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var (a, b) in pairs)
            {
                var next = a == node ? b : b == node ? a : -1;
                if (next >= 0 && connected.Add(next)) queue.Enqueue(next);
            }
        }
        var original = connected.Order().ToImmutableArray();
        var ours = original.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var inTree = pairs.Where(p => connected.Contains(p.a)).Select(p => (ours[p.a], ours[p.b]));
        var edges = CompartmentGraph.OrientFrom(0, original.Length, inTree);
        var detached = Enumerable.Range(0, total).Where(i => !connected.Contains(i)).ToImmutableArray();
        return new JkGidonTree(original, edges, detached, pairs.Count(p => !connected.Contains(p.a)), total);
    }

    /// <summary>Compartments simulated.</summary>
    public int Count => Original.Length;

    /// <summary>Our id of original compartment <paramref name="id"/>, or null if it is in the detached piece.</summary>
    public int? Index(int id) => Original.IndexOf(id) is var i and >= 0 ? i : null;
}
