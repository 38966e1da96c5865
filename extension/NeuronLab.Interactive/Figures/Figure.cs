using System.Collections.Immutable;

namespace NeuronLab.Interactive;

/// <summary>
/// A plotly-compatible figure: traces placed on a grid of subplots plus a layout. Immutable; every
/// <c>With…</c>/<c>Add…</c> method returns a new figure. Render it with <see cref="PlotlyJson"/>,
/// <see cref="SvgRenderer"/> or <see cref="FigureHtml"/>; in a notebook, <c>display(figure)</c> publishes all three.
/// </summary>
/// <example>
/// <code>
/// var fig = new Figure()
///     .AddLine(t, v, name: "soma")
///     .WithAxes(x: new Axis("t (ms)"), y: new Axis("V (mV)"))
///     .WithTitle("Action potential");
/// </code>
/// </example>
public sealed record Figure
{
    /// <summary>The traces, drawn in order.</summary>
    public ImmutableArray<Trace> Traces { get; init; } = [];

    /// <summary>Title, size, grid, axes and legend.</summary>
    public Layout Layout { get; init; } = new();

    /// <summary>Adds any trace.</summary>
    public Figure Add(Trace trace) => this with { Traces = Traces.Add(trace) };

    /// <summary>Adds a line (scatter, mode lines) on subplot (<paramref name="row"/>, <paramref name="column"/>), 1-based.</summary>
    public Figure AddLine(IEnumerable<double> x, IEnumerable<double> y, string? name = null, string? color = null,
        double width = 1.5, int row = 1, int column = 1) =>
        Add(new ScatterTrace([.. x], [.. y])
        {
            Name = name, Mode = ScatterMode.Lines, Line = new LineStyle(color, width), Subplot = new SubplotId(row, column),
        });

    /// <summary>Adds markers (scatter, mode markers) on subplot (<paramref name="row"/>, <paramref name="column"/>), 1-based.</summary>
    public Figure AddMarkers(IEnumerable<double> x, IEnumerable<double> y, string? name = null, string? color = null,
        double size = 6, int row = 1, int column = 1) =>
        Add(new ScatterTrace([.. x], [.. y])
        {
            Name = name, Mode = ScatterMode.Markers, Marker = new MarkerStyle(color, size), Subplot = new SubplotId(row, column),
        });

    /// <summary>Adds a heatmap; <paramref name="z"/> is indexed [row (y)][column (x)].</summary>
    public Figure AddHeatmap(double[,] z, IEnumerable<double>? x = null, IEnumerable<double>? y = null, string? name = null,
        ColorScale colorScale = ColorScale.Viridis, int row = 1, int column = 1)
    {
        var rows = ImmutableArray.CreateBuilder<ImmutableArray<double>>(z.GetLength(0));
        for (var i = 0; i < z.GetLength(0); i++)
        {
            var r = new double[z.GetLength(1)];
            for (var j = 0; j < r.Length; j++)
                r[j] = z[i, j];
            rows.Add([.. r]);
        }
        return Add(new HeatmapTrace(rows.MoveToImmutable())
        {
            X = x is null ? null : [.. x], Y = y is null ? null : [.. y], Name = name, ColorScale = colorScale,
            Subplot = new SubplotId(row, column),
        });
    }

    /// <summary>Sets the figure title.</summary>
    public Figure WithTitle(string? title) => this with { Layout = Layout with { Title = title } };

    /// <summary>Sets the size in pixels.</summary>
    public Figure WithSize(int width, int height) => this with { Layout = Layout with { Width = width, Height = height } };

    /// <summary>Arranges the subplots in a grid of <paramref name="rows"/> × <paramref name="columns"/>.</summary>
    public Figure WithGrid(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        return this with { Layout = Layout with { Rows = rows, Columns = columns } };
    }

    /// <summary>Sets the x and/or y axis of subplot (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public Figure WithAxes(Axis? x = null, Axis? y = null, int row = 1, int column = 1)
    {
        var id = new SubplotId(row, column);
        var current = Layout.AxesOf(id);
        return this with { Layout = Layout with { Axes = Layout.Axes.SetItem(id, new AxisPair(x ?? current.X, y ?? current.Y)) } };
    }

    /// <summary>Shows or hides the legend.</summary>
    public Figure WithLegend(bool show) => this with { Layout = Layout with { ShowLegend = show } };

    /// <summary>The plotly JSON (<c>{"data": [...], "layout": {...}}</c>).</summary>
    public string ToPlotlyJson() => PlotlyJson.Serialize(this);

    /// <summary>A standalone SVG document.</summary>
    public string ToSvg() => SvgRenderer.Render(this, standalone: true);

    /// <summary>A self-contained HTML fragment (inline SVG, no external resources).</summary>
    public string ToHtml() => FigureHtml.Fragment(this);
}

/// <summary>A subplot position in the layout grid, 1-based.</summary>
public readonly record struct SubplotId(int Row, int Column)
{
    /// <summary>The first subplot.</summary>
    public static SubplotId First => new(1, 1);
}

/// <summary>The x and y axes of one subplot.</summary>
public sealed record AxisPair(Axis X, Axis Y);

/// <summary>The layout of a figure.</summary>
public sealed record Layout
{
    public string? Title { get; init; }
    /// <summary>Width in pixels.</summary>
    public int Width { get; init; } = 640;
    /// <summary>Height in pixels.</summary>
    public int Height { get; init; } = 400;
    /// <summary>Grid rows (subplots).</summary>
    public int Rows { get; init; } = 1;
    /// <summary>Grid columns (subplots).</summary>
    public int Columns { get; init; } = 1;
    public bool ShowLegend { get; init; } = true;
    /// <summary>Axes per subplot; subplots without an entry get default axes.</summary>
    public ImmutableDictionary<SubplotId, AxisPair> Axes { get; init; } = ImmutableDictionary<SubplotId, AxisPair>.Empty;

    /// <summary>The axes of a subplot (defaults when unset).</summary>
    public AxisPair AxesOf(SubplotId id) => Axes.TryGetValue(id, out var a) ? a : new AxisPair(new Axis(), new Axis());

    /// <summary>The 1-based plotly axis number of a subplot ("x", "x2", ...): row-major.</summary>
    public int AxisNumber(SubplotId id) => (id.Row - 1) * Columns + id.Column;
}

/// <summary>An axis: title, optional fixed range, scale.</summary>
public sealed record Axis(string? Title = null, double? Min = null, double? Max = null, AxisScale Scale = AxisScale.Linear);

/// <summary>Axis scale.</summary>
public enum AxisScale { Linear, Log }

/// <summary>A trace drawn on one subplot.</summary>
public abstract record Trace
{
    /// <summary>Legend name.</summary>
    public string? Name { get; init; }
    public SubplotId Subplot { get; init; } = SubplotId.First;
    public bool ShowLegend { get; init; } = true;
}

/// <summary>How scatter points are drawn.</summary>
public enum ScatterMode { Lines, Markers, LinesAndMarkers }

/// <summary>Line appearance; <see cref="Color"/> is a CSS colour, null for the palette colour.</summary>
public sealed record LineStyle(string? Color = null, double Width = 1.5, LineDash Dash = LineDash.Solid);

/// <summary>Line dash pattern.</summary>
public enum LineDash { Solid, Dash, Dot }

/// <summary>Marker appearance.</summary>
public sealed record MarkerStyle(string? Color = null, double Size = 6);

/// <summary>A scatter trace (lines and/or markers). NaN values break the line.</summary>
public sealed record ScatterTrace(ImmutableArray<double> X, ImmutableArray<double> Y) : Trace
{
    public ScatterMode Mode { get; init; } = ScatterMode.Lines;
    public LineStyle Line { get; init; } = new();
    public MarkerStyle Marker { get; init; } = new();
}

/// <summary>Colour scales for heatmaps.</summary>
public enum ColorScale { Viridis, RdBu, Greys }

/// <summary>A heatmap: <see cref="Z"/>[row][column]; X/Y are cell centres (default 0..n-1).</summary>
public sealed record HeatmapTrace(ImmutableArray<ImmutableArray<double>> Z) : Trace
{
    public ImmutableArray<double>? X { get; init; }
    public ImmutableArray<double>? Y { get; init; }
    public ColorScale ColorScale { get; init; } = ColorScale.Viridis;
    /// <summary>Colour range; null for the data range.</summary>
    public double? ZMin { get; init; }
    public double? ZMax { get; init; }
}
