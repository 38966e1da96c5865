using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuronLab.Interactive;

/// <summary>
/// Serialises a <see cref="Figure"/> to plotly's JSON schema (<c>{"data": [...], "layout": {...}}</c>), the
/// payload of the <c>application/vnd.plotly.v1+json</c> mime type. Subplots use <c>layout.grid</c> with
/// independent axes <c>xaxis</c>, <c>xaxis2</c>, ... numbered row-major; NaN and infinities become <c>null</c>.
/// </summary>
public static class PlotlyJson
{
    /// <summary>The mime type JupyterLab's plotly renderer handles.</summary>
    public const string MimeType = "application/vnd.plotly.v1+json";

    /// <summary>The figure as a JSON string.</summary>
    public static string Serialize(Figure figure)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
            Write(w, figure);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The figure as a JSON node (for embedding in a mime bundle).</summary>
    public static JsonNode ToNode(Figure figure) => JsonNode.Parse(Serialize(figure))!;

    private static void Write(Utf8JsonWriter w, Figure figure)
    {
        var layout = figure.Layout;
        w.WriteStartObject();
        w.WriteStartArray("data");
        for (var i = 0; i < figure.Traces.Length; i++)
            WriteTrace(w, figure.Traces[i], layout, i);
        w.WriteEndArray();

        w.WriteStartObject("layout");
        if (layout.Title is not null)
        {
            w.WriteStartObject("title");
            w.WriteString("text", layout.Title);
            w.WriteEndObject();
        }
        w.WriteNumber("width", layout.Width);
        w.WriteNumber("height", layout.Height);
        w.WriteBoolean("showlegend", layout.ShowLegend);
        if (layout.Rows * layout.Columns > 1)
        {
            w.WriteStartObject("grid");
            w.WriteNumber("rows", layout.Rows);
            w.WriteNumber("columns", layout.Columns);
            w.WriteString("pattern", "independent");
            w.WriteEndObject();
        }
        for (var r = 1; r <= layout.Rows; r++)
        {
            for (var c = 1; c <= layout.Columns; c++)
            {
                var id = new SubplotId(r, c);
                var n = layout.AxisNumber(id);
                var suffix = n == 1 ? "" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var axes = layout.AxesOf(id);
                WriteAxis(w, "xaxis" + suffix, axes.X);
                WriteAxis(w, "yaxis" + suffix, axes.Y);
            }
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteAxis(Utf8JsonWriter w, string name, Axis axis)
    {
        w.WriteStartObject(name);
        if (axis.Title is not null)
        {
            w.WriteStartObject("title");
            w.WriteString("text", axis.Title);
            w.WriteEndObject();
        }
        if (axis.Scale == AxisScale.Log)
            w.WriteString("type", "log");
        if (axis.Min is { } min && axis.Max is { } max)
        {
            w.WriteStartArray("range");
            // plotly's log-axis range is in log10 units.
            WriteNumber(w, axis.Scale == AxisScale.Log ? Math.Log10(min) : min);
            WriteNumber(w, axis.Scale == AxisScale.Log ? Math.Log10(max) : max);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteTrace(Utf8JsonWriter w, Trace trace, Layout layout, int index)
    {
        w.WriteStartObject();
        switch (trace)
        {
            case ScatterTrace s:
                w.WriteString("type", "scatter");
                w.WriteString("mode", s.Mode switch
                {
                    ScatterMode.Lines => "lines",
                    ScatterMode.Markers => "markers",
                    ScatterMode.LinesAndMarkers => "lines+markers",
                    _ => throw new ArgumentOutOfRangeException(nameof(trace)),
                });
                WriteArray(w, "x", s.X);
                WriteArray(w, "y", s.Y);
                w.WriteStartObject("line");
                w.WriteString("color", s.Line.Color ?? Palette.Traces[index % Palette.Traces.Count]);
                w.WriteNumber("width", s.Line.Width);
                w.WriteString("dash", s.Line.Dash switch
                {
                    LineDash.Solid => "solid",
                    LineDash.Dash => "dash",
                    LineDash.Dot => "dot",
                    _ => throw new ArgumentOutOfRangeException(nameof(trace)),
                });
                w.WriteEndObject();
                if (s.Mode != ScatterMode.Lines)
                {
                    w.WriteStartObject("marker");
                    w.WriteString("color", s.Marker.Color ?? s.Line.Color ?? Palette.Traces[index % Palette.Traces.Count]);
                    w.WriteNumber("size", s.Marker.Size);
                    w.WriteEndObject();
                }
                break;
            case HeatmapTrace h:
                w.WriteString("type", "heatmap");
                w.WriteStartArray("z");
                foreach (var row in h.Z)
                {
                    w.WriteStartArray();
                    foreach (var v in row)
                        WriteNumber(w, v);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                if (h.X is { } x)
                    WriteArray(w, "x", x);
                if (h.Y is { } y)
                    WriteArray(w, "y", y);
                w.WriteString("colorscale", Palette.PlotlyName(h.ColorScale));
                if (h.ZMin is { } zmin)
                    WriteNumber(w, "zmin", zmin);
                if (h.ZMax is { } zmax)
                    WriteNumber(w, "zmax", zmax);
                break;
            default:
                throw new NotSupportedException($"Trace type {trace.GetType().Name} has no plotly serialisation.");
        }
        if (trace.Name is not null)
            w.WriteString("name", trace.Name);
        w.WriteBoolean("showlegend", trace.ShowLegend && trace.Name is not null);
        var n = layout.AxisNumber(trace.Subplot);
        if (n != 1)
        {
            w.WriteString("xaxis", $"x{n}");
            w.WriteString("yaxis", $"y{n}");
        }
        w.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
            WriteNumber(w, v);
        w.WriteEndArray();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        WriteNumber(w, value);
    }

    private static void WriteNumber(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
            w.WriteNumberValue(value);
        else
            w.WriteNullValue();
    }
}
