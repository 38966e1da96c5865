using System.Globalization;
using System.Text;

namespace NeuronLab.Simulation.CellFiles;

/// <summary>
/// Writes a run's traces as CSV: a <c>t</c> column [ms], then one column per probe, named as the probe, lane 0.
/// </summary>
/// <remarks>
/// Rule for sampling periods: probes that share a period share a file. When every probe has the same period the
/// file is <c>traces.csv</c>; otherwise there is one file per period, <c>traces-&lt;period&gt;ms.csv</c> (period in
/// ms, invariant culture; "every step" is written as the step, e.g. <c>traces-0.025ms.csv</c>), each with its own
/// <c>t</c> column. Values use the round-trip format.
/// </remarks>
public static class TraceCsvWriter
{
    /// <summary>Writes the CSV file(s) into <paramref name="directory"/> and returns their paths.</summary>
    public static IReadOnlyList<string> Write(SimulationResult result, double dt, string directory)
    {
        Directory.CreateDirectory(directory);
        var groups = result.Traces.GroupBy(t => t.Probe.SamplingPeriod <= 0 ? dt : t.Probe.SamplingPeriod).ToList();
        var paths = new List<string>();
        foreach (var group in groups)
        {
            var name = groups.Count == 1 ? "traces.csv" : $"traces-{group.Key.ToString("R", CultureInfo.InvariantCulture)}ms.csv";
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, ToCsv([.. group]));
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>
    /// Writes the recorded sensitivities as <c>sensitivities.csv</c> (or one file per sampling period, as traces): a
    /// <c>t</c> column, then <c>d&lt;probe&gt;/d&lt;parameter&gt;</c> for every probe and parameter, for lane 0.
    /// </summary>
    public static IReadOnlyList<string> WriteSensitivities(Gradients.SensitivityResult result, double dt, string directory)
    {
        Directory.CreateDirectory(directory);
        var traces = result.Recording.Traces;
        var groups = Enumerable.Range(0, traces.Length).GroupBy(p => traces[p].Probe.SamplingPeriod <= 0 ? dt : traces[p].Probe.SamplingPeriod).ToList();
        var paths = new List<string>();
        foreach (var group in groups)
        {
            var name = groups.Count == 1 ? "sensitivities.csv" : $"sensitivities-{group.Key.ToString("R", CultureInfo.InvariantCulture)}ms.csv";
            var columns = group.SelectMany(p => result.Parameters.Select((parameter, q) =>
                (Name: $"d{traces[p].Probe.Name}/d{parameter}", Values: result.Values[p][q][0]))).ToList();
            var times = traces[group.First()].Times;
            var sb = new StringBuilder("t");
            foreach (var c in columns) sb.Append(',').Append(c.Name);
            sb.Append('\n');
            for (var i = 0; i < times.Length; i++)
            {
                sb.Append(Math.Round(times[i], 9).ToString("R", CultureInfo.InvariantCulture));
                foreach (var c in columns) sb.Append(',').Append(c.Values[i].ToString("R", CultureInfo.InvariantCulture));
                sb.Append('\n');
            }
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, sb.ToString());
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>The CSV text of traces sampled on the same times.</summary>
    public static string ToCsv(IReadOnlyList<Trace> traces)
    {
        var times = traces[0].Times;
        if (traces.Any(t => t.Times.Length != times.Length)) throw new ArgumentException("Traces in one CSV must share their sample times.", nameof(traces));
        var sb = new StringBuilder("t");
        foreach (var t in traces) sb.Append(',').Append(t.Probe.Name);
        sb.Append('\n');
        for (var i = 0; i < times.Length; i++)
        {
            sb.Append(Math.Round(times[i], 9).ToString("R", CultureInfo.InvariantCulture));
            foreach (var t in traces) sb.Append(',').Append(t.Values[0][i].ToString("R", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
