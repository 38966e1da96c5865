using NeuronLab.Simulation;

namespace NeuronLab.Interactive;

/// <summary>
/// Plots a <see cref="SimulationResult"/>: traces against time, one subplot per probe with one line per lane (or, for
/// one lane, every probe on one plot); with more than <see cref="HeatmapThreshold"/> probes of one unit, a space–time
/// heatmap (probe × time) of one lane instead.
/// </summary>
public static class SimulationView
{
    /// <summary>Above this many probes the default view is a space–time heatmap.</summary>
    public const int HeatmapThreshold = 8;

    /// <summary>At most this many lanes are drawn per probe (the legend says how many were left out).</summary>
    public const int MaxLanesDrawn = 16;

    /// <summary>A heatmap shows at most this many time columns (every k-th sample).</summary>
    public const int MaxHeatmapColumns = 200;

    /// <summary>Traces vs time: one subplot per probe (lanes as lines), or one plot when there is one lane.</summary>
    public static Figure Traces(SimulationResult result, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var traces = result.Traces;
        var figure = new Figure().WithTitle(title);
        if (result.Lanes == 1 || traces.Length == 1)
        {
            var units = string.Join(", ", traces.Select(t => t.Unit).Distinct());
            for (var p = 0; p < traces.Length; p++)
            {
                var t = traces[p];
                for (var lane = 0; lane < Math.Min(result.Lanes, MaxLanesDrawn); lane++)
                {
                    var name = traces.Length == 1 ? (result.Lanes == 1 ? t.Probe.Name : $"lane {lane}") : t.Probe.Name;
                    figure = figure.AddLine(t.Times, t.Values[lane], name: name);
                }
            }
            var yTitle = traces.Length == 1 ? $"{traces[0].Probe.Name} ({units})" : units;
            return figure.WithAxes(x: new Axis("t (ms)"), y: new Axis(yTitle));
        }
        figure = figure.WithGrid(traces.Length, 1).WithSize(720, Math.Clamp(220 * traces.Length, 400, 1200));
        for (var p = 0; p < traces.Length; p++)
        {
            var t = traces[p];
            for (var lane = 0; lane < Math.Min(result.Lanes, MaxLanesDrawn); lane++)
            {
                figure = figure.Add(new ScatterTrace([.. t.Times], [.. t.Values[lane]])
                {
                    Name = $"lane {lane}",
                    ShowLegend = p == 0,
                    Line = new LineStyle(Palette.Traces[lane % Palette.Traces.Count]),
                    Subplot = new SubplotId(p + 1, 1),
                });
            }
            figure = figure.WithAxes(x: new Axis(p == traces.Length - 1 ? "t (ms)" : null), y: new Axis($"{t.Probe.Name} ({t.Unit})"), row: p + 1);
        }
        return figure;
    }

    /// <summary>Space–time heatmap of one lane: z[probe][sample] for the probes of the first probe's unit.</summary>
    public static Figure Heatmap(SimulationResult result, int lane = 0, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfNegative(lane);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lane, result.Lanes);
        var unit = result.Traces[0].Unit;
        var traces = result.Traces.Where(t => t.Unit == unit && t.Times.Length == result.Traces[0].Times.Length).ToList();
        // At most MaxHeatmapColumns time columns (every k-th sample), so that the inline SVG stays small.
        var stride = Math.Max(1, (int)Math.Ceiling(traces[0].Times.Length / (double)MaxHeatmapColumns));
        var columns = Enumerable.Range(0, traces[0].Times.Length).Where(i => i % stride == 0).ToArray();
        var times = columns.Select(i => traces[0].Times[i]).ToArray();
        var z = new double[traces.Count, columns.Length];
        for (var p = 0; p < traces.Count; p++)
            for (var s = 0; s < columns.Length; s++)
                z[p, s] = traces[p].Values[lane][columns[s]];
        return new Figure()
            .AddHeatmap(z, times, Enumerable.Range(0, traces.Count).Select(i => (double)i), name: $"{unit}")
            .WithAxes(x: new Axis("t (ms)"), y: new Axis("probe (index)"))
            .WithTitle(title ?? $"lane {lane}: {unit} per probe ({traces[0].Probe.Name} … {traces[^1].Probe.Name})");
    }

    /// <summary>The default view: a heatmap for many probes, traces otherwise.</summary>
    public static Figure Default(SimulationResult result) =>
        result.Traces.Length > HeatmapThreshold ? Heatmap(result) : Traces(result);

    /// <summary>"3 probes × 4 lanes, 2000 steps".</summary>
    public static string Summary(SimulationResult result) =>
        $"SimulationResult: {result.Traces.Length} probe{(result.Traces.Length == 1 ? "" : "s")} ({string.Join(", ", result.Traces.Take(6).Select(t => t.Probe.Name))}"
        + $"{(result.Traces.Length > 6 ? ", …" : "")}) × {result.Lanes} lane{(result.Lanes == 1 ? "" : "s")}, {result.Steps} steps";

    /// <summary>The default figure as plotly JSON + inline-SVG HTML, with a text summary.</summary>
    public static MimeBundle Bundle(SimulationResult result)
    {
        if (result.Traces.IsEmpty)
            return MimeBundle.Of(MimeBundle.PlainText, Summary(result) + " (no probes)");
        return Formatter.FigureBundle(Default(result)).With(MimeBundle.PlainText, Summary(result));
    }
}
