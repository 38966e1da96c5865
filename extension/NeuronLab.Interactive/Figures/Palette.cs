using System.Globalization;

namespace NeuronLab.Interactive;

/// <summary>Trace colours (plotly's default "D3" cycle) and heatmap colour scales.</summary>
public static class Palette
{
    /// <summary>Plotly's default trace colour cycle.</summary>
    public static IReadOnlyList<string> Traces { get; } =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    private static readonly (double T, int R, int G, int B)[] s_viridis =
    [
        (0.0, 68, 1, 84), (0.13, 71, 44, 122), (0.25, 59, 81, 139), (0.38, 44, 113, 142), (0.5, 33, 144, 141),
        (0.63, 39, 173, 129), (0.75, 92, 200, 99), (0.88, 170, 220, 50), (1.0, 253, 231, 37),
    ];

    private static readonly (double T, int R, int G, int B)[] s_rdbu =
    [
        (0.0, 5, 10, 172), (0.35, 106, 137, 247), (0.5, 190, 190, 190), (0.6, 220, 170, 132), (0.7, 230, 145, 90), (1.0, 178, 10, 28),
    ];

    private static readonly (double T, int R, int G, int B)[] s_greys = [(0.0, 0, 0, 0), (1.0, 255, 255, 255)];

    /// <summary>The plotly name of a colour scale.</summary>
    public static string PlotlyName(ColorScale scale) => scale switch
    {
        ColorScale.Viridis => "Viridis",
        ColorScale.RdBu => "RdBu",
        ColorScale.Greys => "Greys",
        _ => throw new ArgumentOutOfRangeException(nameof(scale)),
    };

    /// <summary>The colour at <paramref name="t"/> ∈ [0, 1] of a scale, as <c>#rrggbb</c>; NaN gives transparent.</summary>
    public static string Sample(ColorScale scale, double t)
    {
        if (double.IsNaN(t))
            return "none";
        var stops = scale switch
        {
            ColorScale.Viridis => s_viridis,
            ColorScale.RdBu => s_rdbu,
            ColorScale.Greys => s_greys,
            _ => throw new ArgumentOutOfRangeException(nameof(scale)),
        };
        t = Math.Clamp(t, 0, 1);
        var k = 1;
        while (k < stops.Length - 1 && stops[k].T < t)
            k++;
        var (t0, r0, g0, b0) = stops[k - 1];
        var (t1, r1, g1, b1) = stops[k];
        var f = t1 > t0 ? (t - t0) / (t1 - t0) : 0;
        int Mix(int a, int b) => (int)Math.Round(a + f * (b - a));
        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(r0, r1):x2}{Mix(g0, g1):x2}{Mix(b0, b1):x2}");
    }
}
