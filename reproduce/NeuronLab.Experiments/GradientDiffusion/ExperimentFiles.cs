using System.Globalization;
using System.Text;
using NeuronLab.Interactive;

namespace NeuronLab.Experiments.GradientDiffusion;

/// <summary>Writes an experiment's CSV tables and figures (SVG, self-contained HTML, plotly JSON).</summary>
internal static class ExperimentFiles
{
    /// <summary>Writes columns of equal length under a header line.</summary>
    public static void WriteCsv(ExperimentContext context, string fileName, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<double>> columns)
    {
        var rows = columns.Count == 0 ? 0 : columns.Max(c => c.Count);
        var text = new StringBuilder(string.Join(",", header)).Append('\n');
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0) text.Append(',');
                if (r < columns[c].Count) text.Append(columns[c][r].ToString("R", CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        File.WriteAllText(context.PathFor(fileName), text.ToString());
    }

    /// <summary>Writes <c>name.svg</c>, <c>name.html</c> and <c>name.plotly.json</c>.</summary>
    public static void WriteFigure(ExperimentContext context, string name, Figure figure)
    {
        File.WriteAllText(context.PathFor(name + ".svg"), figure.ToSvg());
        File.WriteAllText(context.PathFor(name + ".html"), FigureHtml.Document(figure));
        File.WriteAllText(context.PathFor(name + ".plotly.json"), figure.ToPlotlyJson());
    }

    /// <summary>matplotlib's "bone" colormap at <paramref name="t"/> ∈ [0, 1] (black through blue-grey to white), as #rrggbb.</summary>
    public static string Bone(double t)
    {
        t = Math.Clamp(t, 0, 1);
        var r = Interpolate(t, [(0, 0), (0.746032, 0.652778), (1, 1)]);
        var g = Interpolate(t, [(0, 0), (0.365079, 0.319444), (0.746032, 0.777778), (1, 1)]);
        var b = Interpolate(t, [(0, 0), (0.365079, 0.444444), (1, 1)]);
        return $"#{(int)Math.Round(255 * r):x2}{(int)Math.Round(255 * g):x2}{(int)Math.Round(255 * b):x2}";
    }

    private static double Interpolate(double t, (double X, double Y)[] knots)
    {
        for (var i = 1; i < knots.Length; i++)
            if (t <= knots[i].X) return knots[i - 1].Y + (knots[i].Y - knots[i - 1].Y) * (t - knots[i - 1].X) / (knots[i].X - knots[i - 1].X);
        return knots[^1].Y;
    }

    public static string F(double x, string format = "G4") => x.ToString(format, CultureInfo.InvariantCulture);
}
