using System.CommandLine;
using System.Diagnostics;
using NeuronLab.Experiments;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Backends;
using NeuronLab.Simulation.CellFiles;

namespace NeuronLab.Reproduce;

/// <summary>
/// <c>simulate &lt;cell.json&gt; --out DIR [--threads N] [--sensitivities p1,p2]</c>: runs a declarative cell file
/// (docs/cell-file.md) and writes <c>DIR/traces.csv</c> (one file per sampling period when probes differ; see
/// <see cref="TraceCsvWriter"/>); with <c>--sensitivities</c> also <c>DIR/sensitivities.csv</c>, the forward-mode
/// derivatives d(probe)/d(parameter) of the named parameters of the cell file.
/// Exit code 0 on success, 1 when the file is invalid or the run fails (message on stderr), 2 on bad usage
/// (including a cell file that does not exist). A network file (<c>"format": "neuronlab-network/1"</c>,
/// docs/network-file.md) runs every cell and writes their traces as <c>&lt;cell&gt;.&lt;probe&gt;</c> columns and
/// <c>DIR/spikes.csv</c>.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("cell") { Description = "The cell file (JSON, see docs/cell-file.md)." };
        var output = new Option<string>("--out") { Description = "Output folder for traces.csv.", Required = true };
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => 1 };
        var sensitivities = new Option<string?>("--sensitivities") { Description = "Comma-separated names of the cell file's parameters: also write DIR/sensitivities.csv (d<probe>/d<param>)." };
        var backend = new Option<ComputeBackend>("--backend") { Description = "Where the simulation runs: Cpu (default), OpenCl or Cuda.", DefaultValueFactory = _ => ComputeBackend.Cpu };
        var command = new Command("simulate", "Simulate a declarative cell file and write DIR/traces.csv (and sensitivities.csv).") { file, output, threads, sensitivities, backend };
        command.SetAction((parse, token) => Task.FromResult(Run(parse.GetValue(file)!, parse.GetValue(output)!, Math.Max(1, parse.GetValue(threads)), token,
            parse.GetValue(sensitivities) is { } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
            parse.GetValue(backend))));
        return command;
    }

    public static int Run(string path, string outDirectory, int threads, CancellationToken token, IReadOnlyList<string>? sensitivityParameters = null,
        ComputeBackend backend = ComputeBackend.Cpu)
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"No such cell file: {path}");
            return Cli.UsageError;
        }
        try
        {
            var watch = Stopwatch.StartNew();
            if (NetworkFileReader.IsNetworkFile(path))
            {
                if (sensitivityParameters is { Count: > 0 } || backend != ComputeBackend.Cpu)
                    throw new NotSupportedException("A network file runs on the CPU back end without --sensitivities (events between cells are not differentiated).");
                var network = NetworkFileReader.Read(path);
                var run = network.Run(new SimulationOptions(threads, token));
                foreach (var w in TraceCsvWriter.WriteNetwork(run, network.Cell.Settings.Dt, outDirectory)) Console.WriteLine($"wrote {w}");
                Console.WriteLine($"{network.Name}: {network.Lanes.Length} cells, {run.Recording.Steps} steps, {run.SpikeTimes.Sum(d => d.Sum(l => l.Length))} spikes in {watch.Elapsed.TotalSeconds:F2} s");
                return ExperimentRunner.Success;
            }
            var cellFile = CellFileReader.Read(path);
            SimulationResult result;
            var written = new List<string>();
            if (sensitivityParameters is { Count: > 0 })
            {
                foreach (var name in sensitivityParameters) _ = cellFile.Cell.Parameter(name); // a clear error for an unknown name
                var lowered = NeuronLab.Simulation.Lowering.CellLowering.Lower(cellFile.Cell);
                var sensitivities = NeuronLab.Simulation.Gradients.Differentiation.Sensitivities(lowered, cellFile.Settings, [cellFile.Lane], sensitivityParameters, new SimulationOptions(threads, token));
                result = sensitivities.Recording;
                written.AddRange(TraceCsvWriter.WriteSensitivities(sensitivities, cellFile.Settings.Dt, outDirectory));
            }
            else
            {
                result = BackendSimulator.Run(cellFile.Cell, cellFile.Settings, [cellFile.Lane], new BackendOptions(backend, Cpu: new SimulationOptions(threads, token)));
            }
            written.InsertRange(0, TraceCsvWriter.Write(result, cellFile.Settings.Dt, outDirectory));
            foreach (var w in written) Console.WriteLine($"wrote {w}");
            Console.WriteLine($"{cellFile.Name}: {result.Steps} steps, {result.Traces.Length} probes in {watch.Elapsed.TotalSeconds:F2} s");
            return ExperimentRunner.Success;
        }
        catch (CellFileException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExperimentRunner.Error;
        }
        catch (Exception e) when (e is SimulationDivergedException or BackendNotAvailableException or DeviceBuildException or ArgumentException or InvalidOperationException or KeyNotFoundException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {path}: {e.Message}");
            return ExperimentRunner.Error;
        }
    }
}
