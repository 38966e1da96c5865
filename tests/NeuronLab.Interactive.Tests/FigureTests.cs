using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace NeuronLab.Interactive.Tests;

public sealed class FigureTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static Figure TwoPanelFigure() => new Figure()
        .AddLine([0, 1, 2, 3], [-65, -20, 30, -70], name: "soma")
        .AddMarkers([0, 1, 2], [1, 2, double.NaN], name: "samples", row: 1, column: 1)
        .AddHeatmap(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }, x: [0, 1, 2], y: [10, 20], row: 2, column: 1)
        .WithGrid(rows: 2, columns: 1)
        .WithAxes(x: new Axis("t (ms)", 0, 3), y: new Axis("V (mV)"))
        .WithAxes(x: new Axis("compartment"), y: new Axis("t (ms)"), row: 2, column: 1)
        .WithTitle("Action <potential> & heatmap");

    [Fact]
    public void PlotlyJson_TwoPanels_HasDataLayoutGridAndAxes()
    {
        var json = JsonNode.Parse(TwoPanelFigure().ToPlotlyJson())!.AsObject();
        var data = json["data"]!.AsArray();
        Assert.Equal(3, data.Count);
        Assert.Equal("scatter", (string?)data[0]!["type"]);
        Assert.Equal("lines", (string?)data[0]!["mode"]);
        Assert.Equal(4, data[0]!["x"]!.AsArray().Count);
        Assert.Equal("soma", (string?)data[0]!["name"]);
        Assert.Equal("markers", (string?)data[1]!["mode"]);
        Assert.Null(data[1]!["y"]![2]); // NaN → null
        Assert.Equal("heatmap", (string?)data[2]!["type"]);
        Assert.Equal(2, data[2]!["z"]!.AsArray().Count);
        Assert.Equal("Viridis", (string?)data[2]!["colorscale"]);
        Assert.Equal("x2", (string?)data[2]!["xaxis"]);
        Assert.Equal("y2", (string?)data[2]!["yaxis"]);
        Assert.Null(data[0]!["xaxis"]);

        var layout = json["layout"]!.AsObject();
        Assert.Equal("Action <potential> & heatmap", (string?)layout["title"]!["text"]);
        Assert.Equal(2, (int)layout["grid"]!["rows"]!);
        Assert.Equal("independent", (string?)layout["grid"]!["pattern"]);
        Assert.Equal("t (ms)", (string?)layout["xaxis"]!["title"]!["text"]);
        Assert.Equal(3.0, (double)layout["xaxis"]!["range"]![1]!);
        Assert.Equal("compartment", (string?)layout["xaxis2"]!["title"]!["text"]);
    }

    [Fact]
    public void Svg_TwoPanels_IsWellFormedWithAxesTicksLinesCellsAndLegend()
    {
        var doc = XDocument.Parse(TwoPanelFigure().ToSvg());
        var root = doc.Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal(2, root.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "subplot"));
        Assert.Single(root.Descendants(Svg + "path"), p => (string?)p.Attribute("class") == "trace-line");
        Assert.Equal(2, root.Descendants(Svg + "circle").Count()); // the NaN sample is skipped
        Assert.Equal(6, root.Descendants(Svg + "rect").Count(r => (string?)r.Attribute("class") == "cell"));
        var texts = root.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("Action <potential> & heatmap", texts);
        Assert.Contains("t (ms)", texts);
        Assert.Contains("V (mV)", texts);
        Assert.Contains("soma", texts); // legend
        Assert.Contains("compartment", texts);
        Assert.True(root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "ticks").SelectMany(g => g.Elements(Svg + "text")).Count() >= 8);
    }

    [Fact]
    public void Html_Fallback_ContainsInlineSvgAndNoExternalUrl()
    {
        var html = TwoPanelFigure().ToHtml();
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
        var document = FigureHtml.Document(TwoPanelFigure());
        Assert.StartsWith("<!DOCTYPE html>", document, StringComparison.Ordinal);
        Assert.Contains("<title>Action &lt;potential&gt; &amp; heatmap</title>", document, StringComparison.Ordinal);
    }

    [Fact]
    public void Svg_EmptyFigureAndConstantData_RenderWithoutNaN()
    {
        var svg = new Figure().AddLine([1, 1, 1], [5, 5, 5]).ToSvg();
        XDocument.Parse(svg);
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        XDocument.Parse(new Figure().ToSvg());
    }

    [Fact]
    public void Svg_LogAxis_SkipsNonPositiveValues()
    {
        var svg = new Figure().AddLine([1, 10, 100], [0, 1, 2]).WithAxes(x: new Axis(Scale: AxisScale.Log)).ToSvg();
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Figure_IsImmutable()
    {
        var a = new Figure();
        var b = a.AddLine([0, 1], [0, 1]);
        Assert.Empty(a.Traces);
        Assert.Single(b.Traces);
    }

    [Theory]
    [InlineData(0.0, "#440154")]
    [InlineData(1.0, "#fde725")]
    public void Palette_Viridis_Endpoints(double t, string expected) =>
        Assert.Equal(expected, Palette.Sample(ColorScale.Viridis, t));
}
