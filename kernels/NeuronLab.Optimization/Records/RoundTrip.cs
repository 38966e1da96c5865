using System.Globalization;

namespace NeuronLab.Optimization.Records;

/// <summary>Text form of doubles that parses back to the same bits ("R", invariant culture; NaN and ±∞ by name).</summary>
public static class RoundTrip
{
    /// <summary>The shortest text that parses back to exactly <paramref name="value"/>.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses text written by <see cref="Format"/>.</summary>
    public static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
