using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Tests;

public sealed class LoweringTests
{
    [Fact]
    public void Lower_Cylinder_AreasAndConductancesMatchFormulas()
    {
        // 100 µm × r 1 µm in 4 compartments, Ra 100 Ω·cm: A = 2π·1·25 µm², G = 100/(Ra·25/(π·1²)) µS between centres.
        var lowered = CellLowering.Lower(TestCells.PassiveCable(100, 1, 4, ra: 100));
        Assert.Equal(4, lowered.NodeCount);
        Assert.All(lowered.Area, a => Assert.Equal(2 * Math.PI * 25, a, 10));
        for (var i = 1; i < 4; i++) Assert.Equal(100 / (100 * 25 / Math.PI), lowered.AxialConductance[i], 12);
        Assert.Equal([-1, 0, 1, 2], lowered.Parent.ToArray());
    }

    [Fact]
    public void Lower_Fork_AddsZeroAreaJunction()
    {
        // A root branch forking into two: junction node joins them.
        var segments = new[]
        {
            new Segment(0, -1, new Point3(0, 0, 0, 1), new Point3(10, 0, 0, 1), 3),
            new Segment(1, 0, new Point3(10, 0, 0, 1), new Point3(20, 5, 0, 0.5), 3),
            new Segment(2, 0, new Point3(10, 0, 0, 1), new Point3(20, -5, 0, 0.5), 3),
        };
        var cell = new CellDescription(new MorphologyShape(MorphologyBuilder.FromSegments(segments, "fork"), Discretization.PerBranch(2)),
            Decor.Empty.With(Region.All, BuiltinMechanisms.Passive()));
        var lowered = CellLowering.Lower(cell);
        Assert.Equal(7, lowered.NodeCount);
        var junctions = Enumerable.Range(0, 7).Where(i => lowered.Nodes[i].Kind == NodeKind.Junction).ToList();
        Assert.Single(junctions);
        Assert.Equal(0.0, lowered.Area[junctions[0]]);
        Assert.Equal(0.0, lowered.MembraneCapacitance[junctions[0]]);
        Assert.Equal(2, lowered.Parent.Count(p => p == junctions[0])); // the first compartment of each child branch
        Assert.DoesNotContain(junctions[0], lowered.Mechanisms[0].Nodes);
        for (var i = 1; i < 7; i++) Assert.True(lowered.Parent[i] < i);
    }

    [Fact]
    public void Lower_UnknownNamedRegion_ListsKnownNames()
    {
        var cell = new CellDescription(new MorphologyShape(TestCells.Cylinder(10, 1), Discretization.PerBranch(1)),
            Decor.Empty.With(Region.Named("basal"), BuiltinMechanisms.Passive()));
        var e = Assert.Throws<ArgumentException>(() => CellLowering.Lower(cell));
        Assert.Contains("basal", e.Message);
        Assert.Contains("soma", e.Message);
    }

    [Fact]
    public void Lower_Discretizations_CountCompartments()
    {
        var m = TestCells.Cylinder(100, 1);
        int Count(Discretization d) => CellLowering.Lower(new CellDescription(new MorphologyShape(m, d), Decor.Empty)).CompartmentCount;
        Assert.Equal(1, Count(Discretization.OnePerSegment));
        Assert.Equal(5, Count(Discretization.PerBranch(5)));
        Assert.Equal(4, Count(Discretization.MaxLength(25)));
        Assert.Equal(5, Count(Discretization.MaxLength(24.9)));
        Assert.Equal(7, Count(Discretization.FixedCount(7)));
    }
}
