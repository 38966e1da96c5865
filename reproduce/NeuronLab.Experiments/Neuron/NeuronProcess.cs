using System.Diagnostics;
using System.Globalization;

namespace NeuronLab.Experiments.Neuron;

/// <summary>Runs <c>Scripts/neuron_cell.py</c> with Debian's <c>/usr/bin/python3</c> (which has NEURON).</summary>
public static class NeuronProcess
{
    /// <summary>The interpreter that has the <c>neuron</c> module (Debian's python3-neuron).</summary>
    public static string Python => Environment.GetEnvironmentVariable("NEURONLAB_PYTHON") ?? "/usr/bin/python3";

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Scripts", "neuron_cell.py");

    /// <summary>True when NEURON can be imported.</summary>
    public static bool IsAvailable()
    {
        try
        {
            var (code, _, _) = Execute(["-c", "import neuron"], TimeSpan.FromSeconds(60));
            return code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// Builds and runs a cell file in NEURON (the script reads the cell file and its SWC itself); returns the columns of
    /// the CSV (t first) and NEURON's summary line (sections, nodes, total area).
    /// </summary>
    /// <param name="scheme">"backward-euler" or "crank-nicolson", overriding the file's scheme.</param>
    /// <param name="mechanismLibrary">A libnrnmech.so with the non-built-in mechanisms, or null.</param>
    public static (Dictionary<string, double[]> Columns, string Info) Simulate(string cellPath, string csvPath, string scheme, string? mechanismLibrary,
        IReadOnlyDictionary<string, string>? renames = null)
    {
        List<string> arguments = [Script, cellPath, csvPath, "--scheme", scheme];
        if (mechanismLibrary is not null) arguments.AddRange(["--mechanisms", mechanismLibrary]);
        foreach (var (name, suffix) in renames ?? new Dictionary<string, string>()) arguments.AddRange(["--rename", $"{name}={suffix}"]);
        var (code, stdout, stderr) = Execute(arguments, TimeSpan.FromMinutes(10));
        if (code != 0) throw new InvalidOperationException($"NEURON failed on {cellPath} (exit {code}):\n{stderr}");
        return (ReadCsv(csvPath), stdout.Trim().Split('\n').LastOrDefault() ?? "");
    }

    public static string NetworkScript => Path.Combine(AppContext.BaseDirectory, "Scripts", "neuron_network.py");

    /// <summary>
    /// Builds and runs a network file in NEURON (<c>Scripts/neuron_network.py</c>: ExpSyn synapses, NetCon detectors and
    /// connections); returns the columns of the CSV (t, then "cell.probe") and the spike times [detector][cell][spike].
    /// </summary>
    public static (Dictionary<string, double[]> Columns, Dictionary<string, double[][]> Spikes) SimulateNetwork(string networkPath, string csvPath, string scheme,
        string? mechanismLibrary, IReadOnlyDictionary<string, string>? renames = null)
    {
        List<string> arguments = [NetworkScript, networkPath, csvPath, "--scheme", scheme];
        if (mechanismLibrary is not null) arguments.AddRange(["--mechanisms", mechanismLibrary]);
        foreach (var (name, suffix) in renames ?? new Dictionary<string, string>()) arguments.AddRange(["--rename", $"{name}={suffix}"]);
        var (code, stdout, stderr) = Execute(arguments, TimeSpan.FromMinutes(10));
        if (code != 0) throw new InvalidOperationException($"NEURON failed on {networkPath} (exit {code}):\n{stderr}");
        var last = stdout.Trim().Split('\n').Last();
        using var json = System.Text.Json.JsonDocument.Parse(last);
        var spikes = json.RootElement.GetProperty("spikes").EnumerateObject().ToDictionary(
            d => d.Name, d => d.Value.EnumerateArray().Select(cell => cell.EnumerateArray().Select(t => t.GetDouble()).ToArray()).ToArray());
        return (ReadCsv(csvPath), spikes);
    }

    /// <summary>Runs a case <paramref name="repeats"/> times and returns NEURON's wall time per run [s].</summary>
    public static double[] Benchmark(string casePath, int repeats, string? mechanismLibrary = null, bool useTables = false)
    {
        List<string> arguments = [Script, casePath, "-", "--bench", repeats.ToString(CultureInfo.InvariantCulture)];
        if (useTables) arguments.Add("--tables");
        if (mechanismLibrary is not null) arguments.AddRange(["--mechanisms", mechanismLibrary]);
        var (code, stdout, stderr) = Execute(arguments, TimeSpan.FromMinutes(10));
        if (code != 0) throw new InvalidOperationException($"NEURON benchmark failed on {casePath} (exit {code}):\n{stderr}");
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
    }

    public static Dictionary<string, double[]> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToList();
        return header.Select((name, k) => (name, values: rows.Select(r => r[k]).ToArray())).ToDictionary(x => x.name, x => x.values);
    }

    private static (int Code, string Stdout, string Stderr) Execute(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["PYTHONUNBUFFERED"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"NEURON did not finish within {timeout}.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
