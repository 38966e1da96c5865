using NeuronLab.Optimization.Records;

namespace NeuronLab.Interactive;

/// <summary>
/// Plots an optimization run (a list of <see cref="RunRecord"/>s): loss (log scale), distance to the ground truth
/// (when known) or the gradient norm, and the parameter trajectories, against the iteration.
/// </summary>
public static class RunView
{
    /// <summary>The run's figure; <paramref name="parameterNames"/> name the parameter lines (default p0, p1, …).</summary>
    public static Figure Figure(IReadOnlyList<RunRecord> records, IReadOnlyList<string>? parameterNames = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var it = records.Select(r => (double)r.Iteration).ToArray();
        var figure = new Figure().WithGrid(2, 2).WithSize(860, 560).WithTitle(title)
            .Add(new ScatterTrace([.. it], [.. records.Select(r => r.Loss)]) { Name = "loss", Line = new LineStyle(Palette.Traces[0]) })
            .WithAxes(x: new Axis("iteration"), y: new Axis("loss", Scale: AxisScale.Log));
        var hasTruth = records.Any(r => r.DistanceToTruth is not null);
        var second = hasTruth
            ? ("‖x − x*‖", records.Select(r => r.DistanceToTruth ?? double.NaN))
            : ("‖∇f‖", records.Select(r => r.GradientNorm ?? double.NaN));
        figure = figure
            .Add(new ScatterTrace([.. it], [.. second.Item2]) { Name = second.Item1, Line = new LineStyle(Palette.Traces[3]), Subplot = new SubplotId(1, 2) })
            .WithAxes(x: new Axis("iteration"), y: new Axis(hasTruth ? "distance to truth" : "gradient norm", Scale: AxisScale.Log), row: 1, column: 2);
        var n = records.Count == 0 ? 0 : records[0].Parameters.Length;
        for (var k = 0; k < n; k++)
        {
            var name = parameterNames is not null && k < parameterNames.Count ? parameterNames[k] : $"p{k}";
            figure = figure.Add(new ScatterTrace([.. it], [.. records.Select(r => r.Parameters[k])])
            {
                Name = name,
                ShowLegend = n <= 12,
                Line = new LineStyle(Palette.Traces[(k + 4) % Palette.Traces.Count], 1.2),
                Subplot = new SubplotId(2, 1),
            });
        }
        return figure.WithAxes(x: new Axis("iteration"), y: new Axis("parameter value"), row: 2, column: 1)
            .Add(new ScatterTrace([.. it], [.. records.Select(r => r.WallSeconds)]) { Name = "wall time", Line = new LineStyle("#7f7f7f"), Subplot = new SubplotId(2, 2) })
            .WithAxes(x: new Axis("iteration"), y: new Axis("wall time (s)"), row: 2, column: 2);
    }

    /// <summary>"Run: 120 iterations, loss 3.2e-05 (best 3.1e-05), ‖x − x*‖ 0.012, 2400 simulations, 12.3 s".</summary>
    public static string Summary(IReadOnlyList<RunRecord> records)
    {
        if (records.Count == 0)
            return "Run: no iterations yet";
        var last = records[^1];
        var distance = last.DistanceToTruth is { } d ? $", ‖x − x*‖ {HtmlView.FormatNumber(d)}" : "";
        return $"Run: {records.Count} iterations, loss {HtmlView.FormatNumber(last.Loss)} (best {HtmlView.FormatNumber(records.Min(r => r.Loss))})"
            + $"{distance}, {last.Simulations} simulations, {last.WallSeconds:F1} s";
    }

    /// <summary>The figure as plotly JSON + inline-SVG HTML, with the summary as text.</summary>
    public static MimeBundle Bundle(IReadOnlyList<RunRecord> records, IReadOnlyList<string>? parameterNames = null) =>
        Formatter.FigureBundle(Figure(records, parameterNames, Summary(records))).With(MimeBundle.PlainText, Summary(records));
}
