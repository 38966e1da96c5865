using NeuronLab.Interactive;

namespace NeuronLab.Experiments.JonesKording;

/// <summary>Figure helpers shared by jk-fig3 and jk-fig4.</summary>
internal static class JkFigures
{
    public static readonly string[] Colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];

    public static double[] Epochs(int count) => [.. Enumerable.Range(0, count).Select(e => (double)e)];

    public static Figure Line(this Figure figure, IReadOnlyList<double> x, IReadOnlyList<double> y, string? name, string? color, int row, int column,
        LineDash dash = LineDash.Solid, double width = 1.5, bool legend = true) =>
        figure.Add(new ScatterTrace([.. x], [.. y])
        {
            Name = name, Mode = ScatterMode.Lines, Line = new LineStyle(color, width, dash), Subplot = new SubplotId(row, column), ShowLegend = legend,
        });

    public static Figure VerticalLine(this Figure figure, double x, double y0, double y1, string name, string color, int row, int column) =>
        figure.Line([x, x], [y0, y1], name, color, row, column, LineDash.Dot, 1.2);

    public static Figure HorizontalLine(this Figure figure, double x0, double x1, double y, string? name, string color, int row, int column, bool legend) =>
        figure.Line([x0, x1], [y, y], name, color, row, column, LineDash.Dash, 1.0, legend);

    /// <summary>Writes NAME.svg and NAME.html.</summary>
    public static void Save(this Figure figure, ExperimentContext context, string name)
    {
        File.WriteAllText(context.PathFor(name + ".svg"), figure.ToSvg());
        File.WriteAllText(context.PathFor(name + ".html"), FigureHtml.Document(figure));
    }

    public static string F(double v, int digits = 3) => double.IsFinite(v) ? v.ToString("F" + digits, System.Globalization.CultureInfo.InvariantCulture) : v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>h:mm:ss.</summary>
    public static string Clock(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds)).ToString(@"h\:mm\:ss");
}
