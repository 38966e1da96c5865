using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;
using NeuronLab.Model.Nmodl;

namespace NeuronLab.Interactive;

/// <summary>What the engine's magics share: finding files and variables, turning engine errors into user errors.</summary>
internal static class MagicHelpers
{
    /// <summary>
    /// A file path as given (relative to the notebook's folder), else under the shared data folder
    /// (<see cref="SharedData"/>); a <see cref="MagicException"/> naming both places otherwise.
    /// </summary>
    public static string ResolveFile(string magic, string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
            return full;
        if (!Path.IsPathRooted(path) && SharedData.Root() is { } shared && File.Exists(Path.Combine(shared, path)))
            return Path.GetFullPath(Path.Combine(shared, path));
        throw new MagicException($"#!{magic}: file not found: {full}" + (Path.IsPathRooted(path) ? "" : $" (nor under the shared data folder {SharedData.Root() ?? "(not found)"})") + ".");
    }

    /// <summary>The latest variable called <paramref name="name"/> with a value of type <typeparamref name="T"/>.</summary>
    public static T Variable<T>(IMagicContext context, string magic, string option, string name) where T : class
    {
        var variable = context.Variables.LastOrDefault(v => v.Name == name)
            ?? throw new MagicException($"#!{magic}: --{option} {name}: no variable '{name}' is defined. Variables: "
                + (context.Variables.Count == 0 ? "(none)" : string.Join(", ", context.Variables.Select(v => v.Name))) + ".");
        return variable.Value as T
            ?? throw new MagicException($"#!{magic}: --{option} {name}: the variable is a {variable.Value?.GetType().Name ?? "null"}, not a {typeof(T).Name}.");
    }

    /// <summary>Runs <paramref name="load"/>, turning the engine's input errors into <see cref="MagicException"/>s (no stack trace).</summary>
    public static T Load<T>(string magic, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (NmodlException e)
        {
            throw new MagicException($"#!{magic}: {e.Message}");
        }
        catch (SwcFormatException e)
        {
            throw new MagicException($"#!{magic}: {e.Message}");
        }
        catch (Exception e) when (e is Model.Mechanisms.MechanismDefinitionException or KeyNotFoundException or FileNotFoundException
            or ArgumentException or IOException)
        {
            throw new MagicException($"#!{magic}: {e.Message}");
        }
    }

    /// <summary>The region tags by name (<c>soma</c>, <c>axon</c>, <c>dend</c>, <c>apic</c>).</summary>
    public static int? TagOf(string name) => name switch
    {
        "soma" => 1,
        "axon" => 2,
        "dend" => 3,
        "apic" => 4,
        _ when name.StartsWith("tag", StringComparison.Ordinal) && int.TryParse(name[3..], out var t) => t,
        _ => null,
    };

    /// <summary>Splits a comma-separated option value.</summary>
    public static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The shape's morphology, or null for compartment graphs.</summary>
    public static Morphology? MorphologyOf(CellDescription cell) => cell.Shape is MorphologyShape m ? m.Morphology : null;
}
