using NeuronLab.Model.Cells;

namespace NeuronLab.Model.Tests;

/// <summary>Explicit compartment graphs: edges in either orientation, and the errors for graphs that are not trees.</summary>
public sealed class CompartmentGraphTests
{
    [Fact]
    public void OrientFrom_TurnsUndirectedPairsIntoParentChildEdgesFromTheRoot()
    {
        // 0–1, 2–1 (written child-first), 1–3, 4–0 (written child-first).
        var edges = CompartmentGraph.OrientFrom(0, 5, [(0, 1), (2, 1), (1, 3), (4, 0)]);
        Assert.Equal([(0, 1), (0, 4), (1, 2), (1, 3)], edges.OrderBy(e => e.Parent).ThenBy(e => e.Child));
        var graph = CompartmentGraph.FromEdges(5, edges, area: 100, couplingDensity: 1e-3);
        Assert.Equal([-1, 0, 1, 1, 0], graph.Compartments.Select(c => c.Parent));
    }

    [Theory]
    [InlineData("loop", "Compartment 2 is reached twice from 0: the edges contain a loop")]      // 0–1–2–0 plus a separate 3–4
    [InlineData("count", "A tree of 5 compartments has 4 edges, got 3")]                          // 0–1–2 and 3–4
    [InlineData("range", "Edge 0-7 is not between two compartments of 0..4")]
    [InlineData("detached", "Compartment 2 is not connected to 0")]                               // 0–1, and a loop 2–3–4–2 apart
    public void OrientFrom_SaysWhyTheGraphIsNotATree(string kind, string message)
    {
        (int, int)[] pairs = kind switch
        {
            "loop" => [(0, 1), (1, 2), (2, 0), (3, 4)],
            "count" => [(0, 1), (1, 2), (3, 4)],
            "range" => [(0, 1), (1, 2), (2, 3), (0, 7)],
            _ => [(0, 1), (2, 3), (3, 4), (4, 2)],
        };
        var error = Assert.Throws<ArgumentException>(() => CompartmentGraph.OrientFrom(0, 5, pairs));
        Assert.Contains(message, error.Message);
    }
}
