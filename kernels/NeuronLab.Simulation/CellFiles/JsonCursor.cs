using System.Globalization;
using System.Text.Json;

namespace NeuronLab.Simulation.CellFiles;

/// <summary>A JSON value with its path, for reading with error messages that say where the problem is.</summary>
internal readonly record struct JsonCursor(JsonElement Element, string Path, string FileName)
{
    public CellFileException Error(string problem, Exception? inner = null) => new(FileName, Path, problem, inner);

    public JsonValueKind Kind => Element.ValueKind;

    /// <summary>The value as the message shows it: strings quoted, long values cut.</summary>
    public string Shown
    {
        get
        {
            var text = Element.GetRawText();
            return text.Length <= 40 ? text : text[..37] + "...";
        }
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private CellFileException Expected(string what) => Error($"expected {what}, found {(Kind is JsonValueKind.Object or JsonValueKind.Array ? KindName(Kind) : Shown)}");

    public JsonCursor RequireObject(params string[] allowed)
    {
        if (Kind != JsonValueKind.Object) throw Expected("an object");
        foreach (var property in Element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                throw new CellFileException(FileName, Path, $"unknown property \"{property.Name}\"; allowed: {string.Join(", ", allowed)}");
        }
        return this;
    }

    public bool Has(string name) => Kind == JsonValueKind.Object && Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonCursor Property(string name)
    {
        if (Kind != JsonValueKind.Object) throw Expected("an object");
        if (!Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            throw Error($"missing required property \"{name}\"");
        return new JsonCursor(value, $"{Path}.{name}", FileName);
    }

    public JsonCursor? Optional(string name) => Has(name) ? Property(name) : null;

    public IEnumerable<JsonCursor> Items()
    {
        if (Kind != JsonValueKind.Array) throw Expected("an array");
        var path = Path;
        var file = FileName;
        return Element.EnumerateArray().Select((e, i) => new JsonCursor(e, $"{path}[{i}]", file)).ToList();
    }

    public IEnumerable<(string Name, JsonCursor Value)> Properties()
    {
        if (Kind != JsonValueKind.Object) throw Expected("an object");
        var path = Path;
        var file = FileName;
        return Element.EnumerateObject().Select(p => (p.Name, new JsonCursor(p.Value, $"{path}.{p.Name}", file))).ToList();
    }

    public double Number()
    {
        if (Kind != JsonValueKind.Number) throw Expected("a number");
        var value = Element.GetDouble();
        if (!double.IsFinite(value)) throw Error($"expected a finite number, found {Shown}");
        return value;
    }

    public double PositiveNumber()
    {
        var value = Number();
        return value > 0 ? value : throw Error($"expected a positive number, found {Shown}");
    }

    public double NonNegativeNumber()
    {
        var value = Number();
        return value >= 0 ? value : throw Error($"expected a number >= 0, found {Shown}");
    }

    public int Integer(int min = int.MinValue)
    {
        if (Kind != JsonValueKind.Number || !Element.TryGetInt32(out var value)) throw Expected("an integer");
        return value >= min ? value : throw Error($"expected an integer >= {min.ToString(CultureInfo.InvariantCulture)}, found {Shown}");
    }

    public ulong UnsignedInteger()
    {
        if (Kind != JsonValueKind.Number || !Element.TryGetUInt64(out var value)) throw Expected("a non-negative integer");
        return value;
    }

    public string String()
    {
        if (Kind != JsonValueKind.String) throw Expected("a string");
        var value = Element.GetString()!;
        return value.Length > 0 ? value : throw Error("expected a non-empty string");
    }

    public bool Boolean() => Kind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Expected("true or false"),
    };

    public double[] Numbers() => [.. Items().Select(i => i.Number())];

    public int[] Integers(int min = int.MinValue) => [.. Items().Select(i => i.Integer(min))];
}
