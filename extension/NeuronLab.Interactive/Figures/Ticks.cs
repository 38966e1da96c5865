namespace NeuronLab.Interactive;

/// <summary>"Nice" axis ticks (steps of 1, 2 or 5 × 10ⁿ) and the data range of a set of values.</summary>
internal static class Ticks
{
    /// <summary>About <paramref name="target"/> tick positions inside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static List<double> Nice(double min, double max, int target = 5)
    {
        var ticks = new List<double>();
        if (!(max > min) || !double.IsFinite(min) || !double.IsFinite(max))
            return ticks;
        var raw = (max - min) / Math.Max(1, target);
        var mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var norm = raw / mag;
        var step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
        for (var t = Math.Ceiling(min / step) * step; t <= max + step * 1e-9; t += step)
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return ticks;
    }

    /// <summary>The finite range of values, widened when empty or degenerate.</summary>
    public static (double Min, double Max) Range(IEnumerable<double> values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
                continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        if (lo > hi)
            return (0, 1);
        if (lo == hi)
            return (lo - (lo == 0 ? 1 : Math.Abs(lo) * 0.1), hi + (hi == 0 ? 1 : Math.Abs(hi) * 0.1));
        return (lo, hi);
    }

    /// <summary>A short label for a tick value.</summary>
    public static string Label(double v) =>
        Math.Abs(v) is >= 1e5 or (< 1e-3 and > 0)
            ? v.ToString("0.##e0", System.Globalization.CultureInfo.InvariantCulture)
            : v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
