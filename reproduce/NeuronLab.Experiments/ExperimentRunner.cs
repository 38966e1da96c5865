using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuronLab.Experiments;

/// <summary>Runs experiments and writes <c>OUT/&lt;name&gt;/summary.json</c> (DESIGN.md §"Experiments").</summary>
public static class ExperimentRunner
{
    /// <summary>Exit code when every claim passes.</summary>
    public const int Success = 0;
    /// <summary>Exit code when a claim fails.</summary>
    public const int ClaimFailed = 3;
    /// <summary>Exit code when an experiment throws.</summary>
    public const int Error = 1;

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static int Run(IExperiment experiment, string outRoot, bool quick, int threads, int seed, CancellationToken cancellation, TextWriter log)
    {
        var dir = Path.GetFullPath(Path.Combine(outRoot, experiment.Name));
        Directory.CreateDirectory(dir);
        var context = new ExperimentContext(quick, dir, threads, seed, cancellation, line => log.WriteLine($"[{experiment.Name}] {line}"));
        var stopwatch = Stopwatch.StartNew();
        ExperimentReport report;
        try
        {
            report = experiment.Run(context);
        }
        catch (OperationCanceledException)
        {
            log.WriteLine($"[{experiment.Name}] cancelled.");
            return Error;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.WriteLine($"[{experiment.Name}] failed: {e.Message}");
            WriteSummary(dir, experiment.Name, quick, stopwatch.Elapsed.TotalSeconds, [], error: e.ToString());
            return Error;
        }
        WriteSummary(dir, experiment.Name, quick, stopwatch.Elapsed.TotalSeconds, report.Claims, data: report.Data);
        foreach (var claim in report.Claims)
            log.WriteLine($"[{experiment.Name}] {(claim.Pass ? "PASS" : "FAIL")} {claim.Id}: {claim.Measured} (expected {claim.Expected})");
        log.WriteLine($"[{experiment.Name}] {report.Claims.Count(c => c.Pass)}/{report.Claims.Count} claims pass; {stopwatch.Elapsed.TotalSeconds:F1} s; {Path.Combine(dir, "summary.json")}");
        return report.Claims.All(c => c.Pass) ? Success : ClaimFailed;
    }

    private static void WriteSummary(string dir, string name, bool quick, double seconds, IReadOnlyList<Claim> claims,
        string? error = null, IReadOnlyDictionary<string, object>? data = null)
    {
        var summary = new Dictionary<string, object?>
        {
            ["experiment"] = name,
            ["quick"] = quick,
            ["seconds"] = Math.Round(seconds, 3),
            ["claims"] = claims,
        };
        if (error is not null) summary["error"] = error;
        if (data is not null) summary["data"] = data;
        File.WriteAllText(Path.Combine(dir, "summary.json"), JsonSerializer.Serialize(summary, s_json));
    }
}
