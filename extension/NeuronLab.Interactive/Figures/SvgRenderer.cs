using System.Globalization;
using System.Text;
using System.Xml;

namespace NeuronLab.Interactive;

/// <summary>
/// Renders a <see cref="Figure"/> as static SVG (axes, ticks, tick labels, axis titles, lines, markers,
/// heatmap cells, legend) for papers, CI and the notebook's HTML fallback. No scripts, no external resources.
/// </summary>
public static class SvgRenderer
{
    private const double MarginLeft = 64, MarginRight = 16, MarginTop = 24, MarginBottom = 48, TitleHeight = 28;
    private const double GapX = 56, GapY = 48, LegendWidth = 130;

    /// <summary>The SVG text; <paramref name="standalone"/> adds the XML namespace (needed in .svg files, not inside HTML).</summary>
    public static string Render(Figure figure, bool standalone = true)
    {
        var sb = new StringBuilder();
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false };
        using (var w = XmlWriter.Create(sb, settings))
            Write(w, figure, standalone);
        return sb.ToString();
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static void Write(XmlWriter w, Figure figure, bool standalone)
    {
        var layout = figure.Layout;
        var legendItems = figure.Traces.Select((t, i) => (Trace: t, Index: i))
            .Where(p => p.Trace is ScatterTrace && p.Trace.Name is not null && p.Trace.ShowLegend).ToList();
        var showLegend = layout.ShowLegend && legendItems.Count > 0;

        if (standalone)
            w.WriteStartElement("svg", "http://www.w3.org/2000/svg");
        else
            w.WriteStartElement("svg");
        w.WriteAttributeString("class", "neuronlab-figure");
        w.WriteAttributeString("width", F(layout.Width));
        w.WriteAttributeString("height", F(layout.Height));
        w.WriteAttributeString("viewBox", $"0 0 {F(layout.Width)} {F(layout.Height)}");
        w.WriteAttributeString("font-family", "sans-serif");
        w.WriteAttributeString("font-size", "11");

        w.WriteStartElement("rect");
        w.WriteAttributeString("width", "100%");
        w.WriteAttributeString("height", "100%");
        w.WriteAttributeString("fill", "white");
        w.WriteEndElement();

        var top = MarginTop + (layout.Title is null ? 0 : TitleHeight);
        if (layout.Title is not null)
            Text(w, layout.Width / 2.0, MarginTop + 8, layout.Title, "middle", size: 15, cls: "title");

        var plotLeft = MarginLeft;
        var plotRight = layout.Width - MarginRight - (showLegend ? LegendWidth : 0);
        var plotBottom = layout.Height - MarginBottom;
        var cellW = (plotRight - plotLeft - GapX * (layout.Columns - 1)) / layout.Columns;
        var cellH = (plotBottom - top - GapY * (layout.Rows - 1)) / layout.Rows;

        for (var r = 1; r <= layout.Rows; r++)
        {
            for (var c = 1; c <= layout.Columns; c++)
            {
                var id = new SubplotId(r, c);
                var box = new Box(plotLeft + (c - 1) * (cellW + GapX), top + (r - 1) * (cellH + GapY), cellW, cellH);
                var traces = figure.Traces.Select((t, i) => (Trace: t, Index: i)).Where(p => p.Trace.Subplot == id).ToList();
                DrawSubplot(w, layout, id, box, traces);
            }
        }

        if (showLegend)
            DrawLegend(w, plotRight + 12, top, legendItems);
        w.WriteEndElement();
    }

    private readonly record struct Box(double X, double Y, double W, double H);

    private sealed class Scale(double min, double max, double from, double to, bool log)
    {
        public double Min { get; } = min;
        public double Max { get; } = max;
        public bool Log { get; } = log;
        public double Map(double v)
        {
            var u = Log ? Math.Log10(v) : v;
            return from + (u - Min) / (Max - Min) * (to - from);
        }
    }

    private static Scale MakeScale(Axis axis, IEnumerable<double> data, double from, double to)
    {
        var log = axis.Scale == AxisScale.Log;
        var values = log ? data.Where(v => v > 0).Select(Math.Log10) : data;
        var (lo, hi) = Ticks.Range(values);
        if (axis.Min is { } min)
            lo = log ? Math.Log10(min) : min;
        if (axis.Max is { } max)
            hi = log ? Math.Log10(max) : max;
        if (!(hi > lo))
            hi = lo + 1;
        return new Scale(lo, hi, from, to, log);
    }

    private static IEnumerable<double> HeatmapEdges(double[]? centres, int n)
    {
        var c = centres ?? Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        if (c.Length == 0)
            yield break;
        var half = c.Length > 1 ? (c[1] - c[0]) / 2 : 0.5;
        yield return c[0] - half;
        yield return c[^1] + (c.Length > 1 ? (c[^1] - c[^2]) / 2 : 0.5);
    }

    private static void DrawSubplot(XmlWriter w, Layout layout, SubplotId id, Box box, List<(Trace Trace, int Index)> traces)
    {
        var axes = layout.AxesOf(id);
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var (trace, _) in traces)
        {
            switch (trace)
            {
                case ScatterTrace s:
                    xs.AddRange(s.X);
                    ys.AddRange(s.Y);
                    break;
                case HeatmapTrace h:
                    xs.AddRange(HeatmapEdges(h.X?.ToArray(), h.Z.IsEmpty ? 0 : h.Z[0].Length));
                    ys.AddRange(HeatmapEdges(h.Y?.ToArray(), h.Z.Length));
                    break;
            }
        }
        var sx = MakeScale(axes.X, xs, box.X, box.X + box.W);
        var sy = MakeScale(axes.Y, ys, box.Y + box.H, box.Y);
        var clipId = $"clip-{id.Row}-{id.Column}-{Guid.NewGuid():N}"[..24];

        w.WriteStartElement("g");
        w.WriteAttributeString("class", "subplot");
        w.WriteStartElement("clipPath");
        w.WriteAttributeString("id", clipId);
        Rect(w, box.X, box.Y, box.W, box.H, "none", null);
        w.WriteEndElement();

        // Grid lines and ticks.
        w.WriteStartElement("g");
        w.WriteAttributeString("class", "ticks");
        foreach (var t in Ticks.Nice(sx.Min, sx.Max))
        {
            var px = sx.Log ? box.X + (t - sx.Min) / (sx.Max - sx.Min) * box.W : sx.Map(t);
            Line(w, px, box.Y, px, box.Y + box.H, "#eeeeee", 1);
            Line(w, px, box.Y + box.H, px, box.Y + box.H + 4, "#444444", 1);
            Text(w, px, box.Y + box.H + 15, Ticks.Label(sx.Log ? Math.Pow(10, t) : t), "middle");
        }
        foreach (var t in Ticks.Nice(sy.Min, sy.Max))
        {
            var py = sy.Log ? box.Y + box.H - (t - sy.Min) / (sy.Max - sy.Min) * box.H : sy.Map(t);
            Line(w, box.X, py, box.X + box.W, py, "#eeeeee", 1);
            Line(w, box.X - 4, py, box.X, py, "#444444", 1);
            Text(w, box.X - 6, py + 4, Ticks.Label(sy.Log ? Math.Pow(10, t) : t), "end");
        }
        w.WriteEndElement();

        // Data.
        w.WriteStartElement("g");
        w.WriteAttributeString("class", "traces");
        w.WriteAttributeString("clip-path", $"url(#{clipId})");
        foreach (var (trace, index) in traces)
        {
            switch (trace)
            {
                case ScatterTrace s:
                    DrawScatter(w, s, index, sx, sy);
                    break;
                case HeatmapTrace h:
                    DrawHeatmap(w, h, sx, sy);
                    break;
            }
        }
        w.WriteEndElement();

        // Frame and axis titles.
        w.WriteStartElement("g");
        w.WriteAttributeString("class", "axes");
        Rect(w, box.X, box.Y, box.W, box.H, "none", "#444444");
        if (axes.X.Title is not null)
            Text(w, box.X + box.W / 2, box.Y + box.H + 34, axes.X.Title, "middle", size: 12, cls: "xtitle");
        if (axes.Y.Title is not null)
        {
            var x = box.X - 48;
            var y = box.Y + box.H / 2;
            Text(w, x, y, axes.Y.Title, "middle", size: 12, cls: "ytitle", rotate: $"rotate(-90 {F(x)} {F(y)})");
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void DrawScatter(XmlWriter w, ScatterTrace s, int index, Scale sx, Scale sy)
    {
        var color = s.Line.Color ?? Palette.Traces[index % Palette.Traces.Count];
        var n = Math.Min(s.X.Length, s.Y.Length);
        bool Valid(int i) => double.IsFinite(s.X[i]) && double.IsFinite(s.Y[i]) && (!sx.Log || s.X[i] > 0) && (!sy.Log || s.Y[i] > 0);
        if (s.Mode != ScatterMode.Markers)
        {
            // One path, "M" after every gap (NaN breaks the line like plotly's connectgaps=false).
            var d = new StringBuilder();
            var pen = false;
            for (var i = 0; i < n; i++)
            {
                if (!Valid(i))
                {
                    pen = false;
                    continue;
                }
                d.Append(pen ? 'L' : 'M').Append(F(sx.Map(s.X[i]))).Append(',').Append(F(sy.Map(s.Y[i])));
                pen = true;
            }
            w.WriteStartElement("path");
            w.WriteAttributeString("class", "trace-line");
            w.WriteAttributeString("d", d.Length == 0 ? "M0,0" : d.ToString());
            w.WriteAttributeString("fill", "none");
            w.WriteAttributeString("stroke", color);
            w.WriteAttributeString("stroke-width", F(s.Line.Width));
            if (s.Line.Dash != LineDash.Solid)
                w.WriteAttributeString("stroke-dasharray", s.Line.Dash == LineDash.Dash ? "6,4" : "2,3");
            w.WriteEndElement();
        }
        if (s.Mode != ScatterMode.Lines)
        {
            var mcolor = s.Marker.Color ?? color;
            for (var i = 0; i < n; i++)
            {
                if (!Valid(i))
                    continue;
                w.WriteStartElement("circle");
                w.WriteAttributeString("class", "marker");
                w.WriteAttributeString("cx", F(sx.Map(s.X[i])));
                w.WriteAttributeString("cy", F(sy.Map(s.Y[i])));
                w.WriteAttributeString("r", F(s.Marker.Size / 2));
                w.WriteAttributeString("fill", mcolor);
                w.WriteEndElement();
            }
        }
    }

    private static void DrawHeatmap(XmlWriter w, HeatmapTrace h, Scale sx, Scale sy)
    {
        var rows = h.Z.Length;
        var cols = rows == 0 ? 0 : h.Z[0].Length;
        var (zlo, zhi) = Ticks.Range(h.Z.SelectMany(r => r));
        zlo = h.ZMin ?? zlo;
        zhi = h.ZMax ?? zhi;
        var xc = h.X?.ToArray() ?? Enumerable.Range(0, cols).Select(i => (double)i).ToArray();
        var yc = h.Y?.ToArray() ?? Enumerable.Range(0, rows).Select(i => (double)i).ToArray();
        static double Edge(double[] c, int i)
        {
            // Edge i lies between centres i-1 and i.
            if (c.Length == 1)
                return c[0] + (i == 0 ? -0.5 : 0.5);
            if (i == 0)
                return c[0] - (c[1] - c[0]) / 2;
            if (i >= c.Length)
                return c[^1] + (c[^1] - c[^2]) / 2;
            return (c[i - 1] + c[i]) / 2;
        }
        w.WriteStartElement("g");
        w.WriteAttributeString("class", "heatmap");
        for (var i = 0; i < rows && i < yc.Length; i++)
        {
            var y0 = sy.Map(Edge(yc, i));
            var y1 = sy.Map(Edge(yc, i + 1));
            for (var j = 0; j < cols && j < xc.Length && j < h.Z[i].Length; j++)
            {
                var x0 = sx.Map(Edge(xc, j));
                var x1 = sx.Map(Edge(xc, j + 1));
                var z = h.Z[i][j];
                var color = Palette.Sample(h.ColorScale, double.IsFinite(z) ? (z - zlo) / (zhi - zlo) : double.NaN);
                // Cells overlap by 0.5 px so no hairline gaps show between them.
                Rect(w, Math.Min(x0, x1), Math.Min(y0, y1), Math.Abs(x1 - x0) + 0.5, Math.Abs(y1 - y0) + 0.5, color, null, "cell");
            }
        }
        w.WriteEndElement();
    }

    private static void DrawLegend(XmlWriter w, double x, double y, List<(Trace Trace, int Index)> items)
    {
        w.WriteStartElement("g");
        w.WriteAttributeString("class", "legend");
        for (var k = 0; k < items.Count; k++)
        {
            var (trace, index) = items[k];
            var s = (ScatterTrace)trace;
            var color = s.Line.Color ?? Palette.Traces[index % Palette.Traces.Count];
            var ly = y + 8 + k * 18;
            Line(w, x, ly, x + 20, ly, color, 2);
            Text(w, x + 26, ly + 4, trace.Name!, "start");
        }
        w.WriteEndElement();
    }

    private static void Line(XmlWriter w, double x1, double y1, double x2, double y2, string stroke, double width)
    {
        w.WriteStartElement("line");
        w.WriteAttributeString("x1", F(x1));
        w.WriteAttributeString("y1", F(y1));
        w.WriteAttributeString("x2", F(x2));
        w.WriteAttributeString("y2", F(y2));
        w.WriteAttributeString("stroke", stroke);
        w.WriteAttributeString("stroke-width", F(width));
        w.WriteEndElement();
    }

    private static void Rect(XmlWriter w, double x, double y, double width, double height, string fill, string? stroke, string? cls = null)
    {
        w.WriteStartElement("rect");
        if (cls is not null)
            w.WriteAttributeString("class", cls);
        w.WriteAttributeString("x", F(x));
        w.WriteAttributeString("y", F(y));
        w.WriteAttributeString("width", F(width));
        w.WriteAttributeString("height", F(height));
        w.WriteAttributeString("fill", fill);
        if (stroke is not null)
            w.WriteAttributeString("stroke", stroke);
        w.WriteEndElement();
    }

    private static void Text(XmlWriter w, double x, double y, string text, string anchor, double size = 11, string? cls = null, string? rotate = null)
    {
        w.WriteStartElement("text");
        if (cls is not null)
            w.WriteAttributeString("class", cls);
        w.WriteAttributeString("x", F(x));
        w.WriteAttributeString("y", F(y));
        w.WriteAttributeString("text-anchor", anchor);
        if (size != 11)
            w.WriteAttributeString("font-size", F(size));
        if (rotate is not null)
            w.WriteAttributeString("transform", rotate);
        w.WriteString(text);
        w.WriteEndElement();
    }
}
