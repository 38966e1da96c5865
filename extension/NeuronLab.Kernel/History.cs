using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NeuronLab.Kernel;

/// <summary>
/// The inputs (and plain-text outputs) of this kernel session, for <c>history_request</c>: tail, range and
/// search (glob <c>*</c>/<c>?</c>, optional unique). Entries are <c>[session, line, input]</c> or
/// <c>[session, line, [input, output]]</c>; the session number is always 1 (history is not persisted).
/// </summary>
internal sealed class History
{
    public const int Session = 1;
    private readonly List<(int Line, string Input, string? Output)> _entries = [];
    private readonly Lock _lock = new();

    public void Add(int line, string input)
    {
        lock (_lock)
            _entries.Add((line, input, null));
    }

    public void SetOutput(int line, string output)
    {
        lock (_lock)
        {
            var i = _entries.FindLastIndex(e => e.Line == line);
            if (i >= 0)
                _entries[i] = _entries[i] with { Output = output };
        }
    }

    public JsonArray Query(JsonObject request)
    {
        var output = request["output"]?.GetValue<bool>() ?? false;
        var kind = (string?)request["hist_access_type"] ?? "tail";
        var n = request["n"] is JsonValue nv && nv.TryGetValue<int>(out var nn) ? nn : 0;
        List<(int Line, string Input, string? Output)> selected;
        lock (_lock)
        {
            switch (kind)
            {
                case "range":
                    var session = request["session"] is JsonValue sv && sv.TryGetValue<int>(out var s) ? s : 0;
                    var start = request["start"] is JsonValue a && a.TryGetValue<int>(out var st) ? st : 0;
                    var stop = request["stop"] is JsonValue b && b.TryGetValue<int>(out var sp) ? sp : int.MaxValue;
                    // IPython: session 0 (or negative) is relative to the current one; only the current one exists.
                    selected = session is Session or <= 0
                        ? _entries.Where(e => e.Line >= start && (stop <= 0 || e.Line < stop)).ToList()
                        : [];
                    break;
                case "search":
                    var pattern = (string?)request["pattern"] ?? "*";
                    var regex = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
                        RegexOptions.Singleline);
                    var matches = _entries.Where(e => regex.IsMatch(e.Input));
                    if (request["unique"]?.GetValue<bool>() == true)
                        matches = matches.GroupBy(e => e.Input).Select(g => g.Last()).OrderBy(e => e.Line);
                    selected = matches.ToList();
                    if (n > 0)
                        selected = selected.TakeLast(n).ToList();
                    break;
                default:
                    selected = n > 0 ? _entries.TakeLast(n).ToList() : [.. _entries];
                    break;
            }
        }
        var result = new JsonArray();
        foreach (var e in selected)
        {
            JsonNode entry = output ? new JsonArray(e.Input, e.Output) : JsonValue.Create(e.Input);
            result.Add(new JsonArray(Session, e.Line, entry));
        }
        return result;
    }
}
