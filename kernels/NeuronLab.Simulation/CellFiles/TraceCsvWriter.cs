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
    public static IReadOnlyList<string> Write(SimulationResult result, double dt, string directory) => Write(result, dt, directory, everyLane: false);

    /// <summary>
    /// A network run: the traces of every lane (columns <c>&lt;cell&gt;.&lt;probe&gt;</c>, files as <see cref="Write(SimulationResult, double, string)"/>)
    /// and <c>spikes.csv</c> with one row per spike: detector, cell, t [ms].
    /// </summary>
    public static IReadOnlyList<string> WriteNetwork(NetworkResult result, double dt, string directory)
    {
        var paths = Write(result.Recording, dt, directory, everyLane: true).ToList();
        var sb = new StringBuilder("detector,cell,t\n");
        for (var k = 0; k < result.Detectors.Length; k++)
            for (var l = 0; l < result.SpikeTimes[k].Length; l++)
                foreach (var t in result.SpikeTimes[k][l])
                    sb.Append(CultureInfo.InvariantCulture, $"{result.Detectors[k]},{l},{Math.Round(t, 9).ToString("R", CultureInfo.InvariantCulture)}\n");
        var path = Path.Combine(directory, "spikes.csv");
        File.WriteAllText(path, sb.ToString());
        paths.Add(path);
        return paths;
    }

    private static IReadOnlyList<string> Write(SimulationResult result, double dt, string directory, bool everyLane)
    {
        Directory.CreateDirectory(directory);
        var groups = result.Traces.GroupBy(t => t.Probe.SamplingPeriod <= 0 ? dt : t.Probe.SamplingPeriod).ToList();
        var paths = new List<string>();
        foreach (var group in groups)
        {
            var name = groups.Count == 1 ? "traces.csv" : $"traces-{group.Key.ToString("R", CultureInfo.InvariantCulture)}ms.csv";
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, ToCsv([.. group], everyLane));
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

    /// <summary>The CSV text of traces sampled on the same times: lane 0, or every lane as <c>&lt;lane&gt;.&lt;probe&gt;</c>.</summary>
    public static string ToCsv(IReadOnlyList<Trace> traces, bool everyLane = false)
    {
        var times = traces[0].Times;
        if (traces.Any(t => t.Times.Length != times.Length)) throw new ArgumentException("Traces in one CSV must share their sample times.", nameof(traces));
        var lanes = everyLane ? traces[0].Values.Length : 1;
        var columns = Enumerable.Range(0, lanes).SelectMany(l => traces.Select(t => (Name: everyLane ? $"{l}.{t.Probe.Name}" : t.Probe.Name, Values: t.Values[l]))).ToList();
        var sb = new StringBuilder("t");
        foreach (var c in columns) sb.Append(',').Append(c.Name);
        sb.Append('\n');
        for (var i = 0; i < times.Length; i++)
        {
            sb.Append(Math.Round(times[i], 9).ToString("R", CultureInfo.InvariantCulture));
            foreach (var c in columns) sb.Append(',').Append(c.Values[i].ToString("R", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
