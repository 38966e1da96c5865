using System.Collections.Concurrent;
using System.Net;

namespace NeuronLab.Interactive;

/// <summary>
/// HTML/CSS templates kept as embedded resources (<c>Resources/*.html</c>, <c>*.css</c>), not C# strings (STYLE 11).
/// Placeholders are <c>{{name}}</c>; values are HTML-encoded unless passed as raw.
/// </summary>
internal static class Templates
{
    private static readonly ConcurrentDictionary<string, string> s_cache = new();

    /// <summary>The text of an embedded resource, e.g. <c>figure.css</c>.</summary>
    public static string Load(string name) => s_cache.GetOrAdd(name, static n =>
    {
        using var stream = typeof(Templates).Assembly.GetManifestResourceStream("NeuronLab.Interactive.Resources." + n)
            ?? throw new InvalidOperationException($"Embedded resource '{n}' not found.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Fills a template; <paramref name="raw"/> values are inserted as is, <paramref name="text"/> values HTML-encoded.</summary>
    public static string Fill(string name, IReadOnlyDictionary<string, string>? raw = null, IReadOnlyDictionary<string, string>? text = null)
    {
        var result = Load(name);
        foreach (var (key, value) in raw ?? new Dictionary<string, string>())
            result = result.Replace("{{" + key + "}}", value, StringComparison.Ordinal);
        foreach (var (key, value) in text ?? new Dictionary<string, string>())
            result = result.Replace("{{" + key + "}}", WebUtility.HtmlEncode(value), StringComparison.Ordinal);
        return result;
    }
}
