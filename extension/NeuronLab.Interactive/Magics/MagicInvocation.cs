using System.Globalization;

namespace NeuronLab.Interactive;

/// <summary>One parsed and bound magic line: the command, its typed option values and positional arguments.</summary>
public sealed class MagicInvocation
{
    private readonly Dictionary<string, object?> _values;

    internal MagicInvocation(MagicCommand command, Dictionary<string, object?> values, IReadOnlyList<string> arguments, string line)
    {
        Command = command;
        _values = values;
        Arguments = arguments;
        Line = line;
    }

    public MagicCommand Command { get; }

    /// <summary>Positional arguments, in order.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The magic line as written.</summary>
    public string Line { get; }

    /// <summary>
    /// The cell's code after its magic lines, with the magic lines blanked so line numbers match the cell (for magics
    /// such as <c>#!mechanism</c> whose cell body is not C#).
    /// </summary>
    public string Code { get; internal set; } = "";

    /// <summary>Whether the option was given on the line (rather than defaulted).</summary>
    public bool Has(string option) => _values.ContainsKey(option);

    /// <summary>The option's value (or its default).</summary>
    public T Get<T>(string option)
    {
        var spec = Command.Options.FirstOrDefault(o => o.Name == option)
            ?? throw new ArgumentException($"#!{Command.Name} has no option --{option}.", nameof(option));
        var value = _values.TryGetValue(option, out var v) ? v : spec.Default;
        return value is null ? default! : (T)value;
    }

    /// <summary>Parses the tokens of a magic line against the command's options.</summary>
    internal static MagicInvocation Bind(MagicCommand command, IReadOnlyList<string> tokens, string line)
    {
        var values = new Dictionary<string, object?>();
        var positional = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                positional.Add(token);
                continue;
            }
            var name = token[2..];
            string? inline = null;
            if (name.IndexOf('=') is var eq and > 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            var spec = command.Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new MagicException($"#!{command.Name}: unknown option --{name}. {Usage(command)}");
            string? text;
            if (inline is not null)
                text = inline;
            else if (spec.ValueType == typeof(bool))
                text = i + 1 < tokens.Count && tokens[i + 1] is "true" or "false" ? tokens[++i] : "true";
            else if (i + 1 < tokens.Count)
                text = tokens[++i];
            else
                throw new MagicException($"#!{command.Name}: option --{spec.Name} needs a value ({TypeName(spec.ValueType)}).");
            values[spec.Name] = Convert(command, spec, text);
        }
        foreach (var spec in command.Options.Where(o => o.Required && !values.ContainsKey(o.Name)))
            throw new MagicException($"#!{command.Name}: option --{spec.Name} is required. {Usage(command)}");
        if (positional.Count > command.Arguments.Count)
            throw new MagicException($"#!{command.Name}: unexpected argument '{positional[command.Arguments.Count]}'. {Usage(command)}");
        return new MagicInvocation(command, values, positional, line);
    }

    private static object Convert(MagicCommand command, MagicOption spec, string text)
    {
        var type = spec.ValueType;
        var ok = true;
        object? value = null;
        var inv = CultureInfo.InvariantCulture;
        if (type == typeof(string))
            value = text;
        else if (type == typeof(int))
            ok = int.TryParse(text, NumberStyles.Integer, inv, out var i) && (value = i) is not null;
        else if (type == typeof(long))
            ok = long.TryParse(text, NumberStyles.Integer, inv, out var l) && (value = l) is not null;
        else if (type == typeof(double))
            ok = double.TryParse(text, NumberStyles.Float, inv, out var d) && (value = d) is not null;
        else if (type == typeof(bool))
            ok = bool.TryParse(text, out var b) && (value = b) is not null;
        else if (type == typeof(TimeSpan))
            ok = TryParseDuration(text, out var t) && (value = t) is not null;
        else if (type.IsEnum)
            ok = Enum.TryParse(type, text, ignoreCase: true, out value) && !int.TryParse(text, out _);
        else
            throw new InvalidOperationException($"#!{command.Name}: option type {type.Name} is not supported.");
        if (!ok || value is null)
        {
            var expected = type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type)).ToLowerInvariant() : TypeName(type);
            throw new MagicException($"#!{command.Name}: '{text}' is not a valid value for --{spec.Name}; expected {expected}.");
        }
        return value;
    }

    private static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        var units = new (string Suffix, double Seconds)[] { ("ms", 1e-3), ("min", 60), ("s", 1), ("h", 3600) };
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                value = TimeSpan.FromSeconds(n * seconds);
                return true;
            }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    internal static string TypeName(Type type) =>
        type == typeof(int) || type == typeof(long) ? "integer"
        : type == typeof(double) ? "number"
        : type == typeof(bool) ? "true/false"
        : type == typeof(TimeSpan) ? "duration, e.g. 500ms, 2s"
        : type.IsEnum ? string.Join("|", Enum.GetNames(type)).ToLowerInvariant()
        : "text";

    internal static string Usage(MagicCommand command)
    {
        var parts = new List<string> { "#!" + command.Name };
        parts.AddRange(command.Arguments.Select(a => $"<{a}>"));
        parts.AddRange(command.Options.Select(o => o.ValueType == typeof(bool)
            ? $"[{o.Flag}]"
            : o.Required ? $"{o.Flag} <{TypeName(o.ValueType)}>" : $"[{o.Flag} <{TypeName(o.ValueType)}>]"));
        return "Usage: " + string.Join(" ", parts);
    }
}
