using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuronLab.Optimization.Records;

/// <summary>
/// Reads and writes checkpoints as JSON. Doubles are written in .NET's shortest round-trip form (NaN and ±∞ by
/// name), so every double reads back to the same bits. Writing is atomic: a temporary file in the same folder is
/// written, flushed to disk and renamed over the old checkpoint, so a crash leaves either the old or the new one.
/// </summary>
public static class CheckpointFile
{
    /// <summary>Version of the checkpoint format.</summary>
    public const int FormatVersion = 1;

    /// <summary>File name of the checkpoint in a run directory.</summary>
    public const string FileName = "checkpoint.json";

    internal static JsonSerializerOptions JsonOptions { get; } = Create(indented: true);

    internal static JsonSerializerOptions JsonOptionsCompact { get; } = Create(indented: false);

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/> atomically.</summary>
    public static void Save<TState>(string path, Checkpoint<TState> checkpoint) where TState : class
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, checkpoint, JsonOptions);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save{TState}"/>.</summary>
    /// <exception cref="InvalidDataException">The file has another format version or state type.</exception>
    public static Checkpoint<TState> Load<TState>(string path) where TState : class
    {
        using var stream = File.OpenRead(path);
        var checkpoint = JsonSerializer.Deserialize<Checkpoint<TState>>(stream, JsonOptions)
            ?? throw new InvalidDataException($"{path}: empty checkpoint.");
        if (checkpoint.Format != FormatVersion)
            throw new InvalidDataException($"{path}: checkpoint format {checkpoint.Format}, expected {FormatVersion}.");
        if (checkpoint.StateType != typeof(TState).Name)
            throw new InvalidDataException($"{path}: checkpoint holds {checkpoint.StateType}, expected {typeof(TState).Name}.");
        return checkpoint;
    }

    /// <summary>Serializes any record with the checkpoint's JSON settings (for tests and tools).</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    /// <summary>Deserializes JSON written by <see cref="Serialize{T}"/>.</summary>
    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, JsonOptions)
        ?? throw new InvalidDataException("Empty JSON.");

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
