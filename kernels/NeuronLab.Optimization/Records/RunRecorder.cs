using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NeuronLab.Optimization.Records;

/// <summary>
/// Appends <see cref="RunRecord"/>s to <c>records.csv</c> and <c>records.jsonl</c> in a run directory, flushing after
/// every record so that the files are complete while the run goes and after a crash.
/// </summary>
public sealed class RunRecorder : IDisposable
{
    /// <summary>File name of the CSV record.</summary>
    public const string CsvFileName = "records.csv";

    /// <summary>File name of the JSON-lines record.</summary>
    public const string JsonLinesFileName = "records.jsonl";

    private readonly StreamWriter _csv;
    private readonly StreamWriter _jsonl;

    private RunRecorder(StreamWriter csv, StreamWriter jsonl)
    {
        _csv = csv;
        _jsonl = jsonl;
    }

    /// <summary>
    /// Opens the record files of <paramref name="directory"/>. A fresh run (<paramref name="keepBefore"/> = 0)
    /// overwrites them and writes the CSV header; a resumed run keeps the records with iteration &lt;
    /// <paramref name="keepBefore"/> and drops later ones (written after the last checkpoint) before appending.
    /// </summary>
    /// <param name="directory">Run directory (created if missing).</param>
    /// <param name="parameterNames">Column names of the parameters.</param>
    /// <param name="keepBefore">The first iteration that will be (re)written.</param>
    public static RunRecorder Open(string directory, IReadOnlyList<string> parameterNames, int keepBefore)
    {
        Directory.CreateDirectory(directory);
        var csvPath = Path.Combine(directory, CsvFileName);
        var jsonlPath = Path.Combine(directory, JsonLinesFileName);
        var header = "iteration,loss,gradient_norm,distance_to_truth,evaluations,simulations,wall_seconds"
            + string.Concat(parameterNames.Select(p => "," + p));
        var csvLines = new List<string> { header };
        var jsonLines = new List<string>();
        if (keepBefore > 0)
        {
            if (File.Exists(csvPath))
                csvLines.AddRange(File.ReadLines(csvPath).Skip(1).Where(l => l.Length > 0 && IterationOfCsv(l) < keepBefore));
            if (File.Exists(jsonlPath))
                jsonLines.AddRange(File.ReadLines(jsonlPath).Where(l => l.Length > 0 && IterationOfJson(l) < keepBefore));
        }
        File.WriteAllLines(csvPath, csvLines);
        File.WriteAllLines(jsonlPath, jsonLines);
        var csv = new StreamWriter(new FileStream(csvPath, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { NewLine = "\n" };
        var jsonl = new StreamWriter(new FileStream(jsonlPath, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { NewLine = "\n" };
        return new RunRecorder(csv, jsonl);
    }

    /// <summary>Appends one record to both files and flushes them.</summary>
    public void Append(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sb = new StringBuilder();
        sb.Append(record.Iteration.ToString(CultureInfo.InvariantCulture)).Append(',')
          .Append(RoundTrip.Format(record.Loss)).Append(',')
          .Append(record.GradientNorm is { } g ? RoundTrip.Format(g) : "").Append(',')
          .Append(record.DistanceToTruth is { } d ? RoundTrip.Format(d) : "").Append(',')
          .Append(record.Evaluations.ToString(CultureInfo.InvariantCulture)).Append(',')
          .Append(record.Simulations.ToString(CultureInfo.InvariantCulture)).Append(',')
          .Append(RoundTrip.Format(record.WallSeconds));
        foreach (var p in record.Parameters)
            sb.Append(',').Append(RoundTrip.Format(p));
        _csv.WriteLine(sb.ToString());
        _csv.Flush();
        _jsonl.WriteLine(JsonSerializer.Serialize(record, CheckpointFile.JsonOptionsCompact));
        _jsonl.Flush();
    }

    /// <summary>Reads the records back from <c>records.jsonl</c>.</summary>
    public static IReadOnlyList<RunRecord> ReadJsonLines(string directory) =>
        File.ReadLines(Path.Combine(directory, JsonLinesFileName))
            .Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<RunRecord>(l, CheckpointFile.JsonOptionsCompact)!)
            .ToList();

    /// <inheritdoc />
    public void Dispose()
    {
        _csv.Dispose();
        _jsonl.Dispose();
    }

    private static int IterationOfCsv(string line) => int.Parse(line.AsSpan(0, line.IndexOf(',')), CultureInfo.InvariantCulture);

    private static int IterationOfJson(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("iteration").GetInt32();
    }
}
