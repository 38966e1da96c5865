using System.Collections;
using System.Text.Json.Nodes;

namespace NeuronLab.Interactive;

/// <summary>
/// A Jupyter mime bundle: mime type → value. A value is either text (<see cref="string"/>) or JSON
/// (<see cref="JsonNode"/>, for <c>application/json</c> and <c>application/vnd.plotly.v1+json</c>).
/// Immutable; <see cref="With(string, string)"/> returns a new bundle.
/// </summary>
public sealed class MimeBundle : IReadOnlyDictionary<string, object>
{
    /// <summary>The plain-text mime type every bundle should carry.</summary>
    public const string PlainText = "text/plain";

    /// <summary>HTML.</summary>
    public const string Html = "text/html";

    /// <summary>SVG.</summary>
    public const string Svg = "image/svg+xml";

    private readonly Dictionary<string, object> _data;

    private MimeBundle(Dictionary<string, object> data) => _data = data;

    /// <summary>An empty bundle.</summary>
    public static MimeBundle Empty { get; } = new([]);

    /// <summary>A bundle with one text entry.</summary>
    public static MimeBundle Of(string mimeType, string value) => Empty.With(mimeType, value);

    /// <summary>Adds or replaces a text entry.</summary>
    public MimeBundle With(string mimeType, string value) => WithValue(mimeType, value);

    /// <summary>Adds or replaces a JSON entry.</summary>
    public MimeBundle With(string mimeType, JsonNode value) => WithValue(mimeType, value);

    /// <summary>Entries of <paramref name="other"/> win over this bundle's.</summary>
    public MimeBundle Merge(MimeBundle other)
    {
        var data = new Dictionary<string, object>(_data);
        foreach (var (k, v) in other._data)
            data[k] = v;
        return new MimeBundle(data);
    }

    private MimeBundle WithValue(string mimeType, object value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        if (mimeType.Count(ch => ch == '/') != 1)
            throw new ArgumentException($"'{mimeType}' is not a mime type (type/subtype).", nameof(mimeType));
        return new MimeBundle(new Dictionary<string, object>(_data) { [mimeType] = value });
    }

    /// <summary>The bundle as the JSON object of a Jupyter <c>data</c> field.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        foreach (var (k, v) in _data)
            o[k] = v is JsonNode node ? node.DeepClone() : JsonValue.Create((string)v);
        return o;
    }

    public object this[string key] => _data[key];
    public IEnumerable<string> Keys => _data.Keys;
    public IEnumerable<object> Values => _data.Values;
    public int Count => _data.Count;
    public bool ContainsKey(string key) => _data.ContainsKey(key);
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value) => _data.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _data.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
