using NeuronLab.Model.Morph;
using NeuronLab.Testing;

namespace NeuronLab.Model.Tests;

public sealed class SwcReaderTests
{
    private static Morphology Parse(string text) => MorphologyBuilder.FromSwc(SwcReader.ParseSamples(text.Split('\n'), "test.swc"), "test.swc");

    [Fact]
    public void ReadMorphology_C4A_ReadsEverySampleAndTag()
    {
        var path = RepoPaths.SharedData("gradient-diffusion", "C4A.swc");
        var samples = SwcReader.ReadSamples(path);
        Assert.Equal(3843, samples.Count);
        Assert.Equal(214, samples.Count(s => s.Type == 1));
        Assert.Equal(1, samples.Count(s => s.Type == 2));
        var morphology = SwcReader.ReadMorphology(path);
        Assert.Equal(3842, morphology.Segments.Length); // one frustum per non-root sample (a multi-sample soma is frustums too)
        Assert.Equal([1, 2, 3], morphology.Tags);
        // Every branch is an unbranched chain of one tag, and parents come first.
        foreach (var b in morphology.Branches)
        {
            Assert.True(b.Parent < b.Id);
            Assert.All(b.Segments, s => Assert.Equal(b.Tag, morphology.Segments[s].Tag));
            for (var k = 1; k < b.Segments.Length; k++) Assert.Equal(b.Segments[k - 1], morphology.Segments[b.Segments[k]].Parent);
        }
    }

    [Fact]
    public void FromSwc_CommentsBlankLinesAndUnsortedSamples_AreAccepted()
    {
        var m = Parse("""
            # a comment line
            3 3 0 20 0 1 2   # trailing comment

            2 3 0 10 0 1 1
            1 1 0 0 0 5 -1
            """);
        Assert.Equal(4, m.Segments.Length); // 2 soma halves + 2 dendrite segments
    }

    [Fact]
    public void FromSwc_OnePointSoma_IsCylinderOfLengthAndDiameter2r()
    {
        var m = Parse("1 1 0 0 0 5 -1\n2 3 0 5 0 1 1\n3 3 0 15 0 1 2");
        var soma = m.Segments.Where(s => s.Tag == 1).ToList();
        Assert.Equal(2, soma.Count);
        Assert.Equal(10.0, soma.Sum(s => s.Length), 12);
        Assert.Equal(4 * Math.PI * 25, soma.Sum(s => s.LateralArea), 9); // same area as the sphere of radius 5
        // The dendrite starts at the soma centre with its own radius.
        var firstDendrite = m.Segments.First(s => s.Tag == 3);
        Assert.Equal(new Point3(0, 0, 0, 1), firstDendrite.Proximal);
    }

    [Fact]
    public void FromSwc_ThreePointSoma_IsCylinderThroughTheThreePoints()
    {
        var m = Parse("1 1 0 0 0 4 -1\n2 1 0 -4 0 4 1\n3 1 0 4 0 4 1\n4 3 4 0 0 1 1");
        var soma = m.Segments.Where(s => s.Tag == 1).ToList();
        Assert.Equal(8.0, soma.Sum(s => s.Length), 12);
        Assert.Equal(2 * Math.PI * 4 * 8, soma.Sum(s => s.LateralArea), 9);
        Assert.Equal(3, m.Branches.Length); // lower half, upper half, dendrite (a fork at the centre)
    }

    [Fact]
    public void FromSwc_ContourSoma_BecomesStackWithSphereLikeArea()
    {
        // A circle of radius 6 µm in the xy-plane, drawn as 24 soma samples chained and closed.
        var lines = new List<string>();
        const int n = 24;
        for (var k = 0; k <= n; k++)
        {
            var a = 2 * Math.PI * k / n;
            lines.Add($"{k + 1} 1 {6 * Math.Cos(a):R} {6 * Math.Sin(a):R} 0 0.1 {(k == 0 ? -1 : k)}");
        }
        lines.Add($"{n + 2} 3 6 0 0 0.5 1");
        lines.Add($"{n + 3} 3 16 0 0 0.5 {n + 2}");
        var m = Parse(string.Join("\n", lines));
        var somaArea = m.Segments.Where(s => s.Tag == 1).Sum(s => s.LateralArea);
        // The width-profile stack of a circle approximates a sphere of the same radius: 4π·36 ≈ 452 µm².
        Assert.InRange(somaArea, 0.9 * 4 * Math.PI * 36, 1.05 * 4 * Math.PI * 36);
        Assert.Contains(m.Segments, s => s.Tag == 3);
    }

    [Theory]
    [InlineData("1 1 0 0 0 5\n", 1, "line", "expected 7 fields")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 x 0 1 1\n", 2, "y", "not a finite number")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 1 0 -1 1\n", 2, "radius", "must be positive")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 1 0 1 1\n2 3 0 2 0 1 1\n", 3, "id", "duplicate id")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 1 0 1 2\n", 2, "parent", "own parent")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 1 0 1 7\n", 2, "parent", "no sample has this id")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 1 0 1 -1\n", 2, "parent", "more than one root")]
    [InlineData("1 1 0 0 0 5 -1\n2 3 0 1 0 1 3\n3 3 0 1 0 1 2\n", 2, "parent", "cycle")]
    [InlineData("1 1.5 0 0 0 5 -1\n", 1, "type", "not an integer")]
    public void ParseSamples_BrokenFile_NamesLineFieldAndValue(string text, int line, string field, string problem)
    {
        var e = Assert.Throws<SwcFormatException>(() => SwcReader.ParseSamples(text.Split('\n'), "broken.swc"));
        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith($"broken.swc:{line}: field '{field}'", e.Message);
    }

    [Fact]
    public void ReadSamples_MissingFile_SaysWhichFile()
    {
        var e = Assert.Throws<FileNotFoundException>(() => SwcReader.ReadSamples("/no/such/cell.swc"));
        Assert.Contains("/no/such/cell.swc", e.Message);
    }

    [Fact]
    public void Segment_FrustumArea_MatchesFormula()
    {
        var s = new Segment(0, -1, new Point3(0, 0, 0, 1), new Point3(3, 4, 0, 2), 3);
        Assert.Equal(5.0, s.Length, 14);
        Assert.Equal(Math.PI * 3 * Math.Sqrt(26), s.LateralArea, 12);
    }
}
