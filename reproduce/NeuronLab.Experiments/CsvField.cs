namespace NeuronLab.Experiments;

/// <summary>A text field of a CSV file (RFC 4180): quoted when it holds a comma, a quote or a line break.</summary>
public static class CsvField
{
    public static string Of(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
