using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using NeuronLab.Experiments.Neuron;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation;
using NeuronLab.Simulation.CellFiles;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Experiments.Benchmarks;

/// <summary>
/// Whole-workload speed, measured in one run against NEURON on the same cell, dt and scheme: compartment-steps per
/// second per core for HH cables, NeuronLab batches of 1 and 64 lanes vs NEURON single-threaded (tables off and on).
/// Medians of repeated runs; every figure is also given as a ratio to NEURON's.
/// </summary>
public sealed class BenchExperiment : IExperiment
{
    public string Name => "bench";
    public string Description => "Speed vs NEURON (same run, same machine): HH cables, batches of 1 and 64 lanes";

    public ExperimentReport Run(ExperimentContext context)
    {
        var repeats = context.Quick ? 3 : 7;
        var duration = context.Quick ? 20.0 : 100.0;
        const double dt = 0.025;
        var rows = new List<Dictionary<string, object>>();
        var table = new StringBuilder("| cable | engine | lanes | median s | compartment-steps/s per core | × NEURON (tables off) |\n|---|---|---|---|---|---|\n");
        foreach (var compartments in context.Quick ? new[] { 101 } : [11, 101, 1001])
        {
            // One cell file drives both simulators.
            var path = WriteCable(context, compartments, duration, dt);
            var file = CellFileReader.Read(path);
            var lowered = CellLowering.Lower(file.Cell);
            var settings = file.Settings;
            var lane = file.Lane;
            var work = (double)lowered.CompartmentCount * settings.StepCount;

            var neuronOff = Median(NeuronProcess.Benchmark(path, repeats));
            var neuronOn = Median(NeuronProcess.Benchmark(path, repeats, useTables: true));
            var neuronRate = work / neuronOff;
            Add(rows, table, compartments, "NEURON 8.2 (tables off)", 1, neuronOff, work / neuronOff, neuronRate);
            Add(rows, table, compartments, "NEURON 8.2 (tables on)", 1, neuronOn, work / neuronOn, neuronRate);

            foreach (var lanes in new[] { 1, 64 })
            {
                var batch = Enumerable.Range(0, lanes).Select(_ => lane).ToList();
                WarmUp(() => Simulator.Run(lowered, settings, batch, new SimulationOptions(Threads: 1)));
                var seconds = Median(Enumerable.Range(0, repeats).Select(_ => Time(() => Simulator.Run(lowered, settings, batch, new SimulationOptions(Threads: 1)))));
                Add(rows, table, compartments, "NeuronLab (1 thread)", lanes, seconds, work * lanes / seconds, neuronRate);
            }
            context.Log($"cable {compartments}: done");
        }
        var simd = Vector<double>.Count;
        File.WriteAllText(context.PathFor("report.md"),
            $"# bench\n\nMachine: {Environment.ProcessorCount} cores, Vector<double> width {simd}. HH cable (r 0.5 µm, 1000 µm), dt {dt} ms, " +
            $"{duration} ms, backward Euler; medians of {repeats} runs. NEURON timed around its fadvance loop only.\n\n" + table);
        return new ExperimentReport([], new Dictionary<string, object> { ["cores"] = Environment.ProcessorCount, ["simd_doubles"] = simd, ["rows"] = rows });
    }

    /// <summary>An HH cable of 1000 µm × r 0.5 µm with <paramref name="compartments"/> compartments, as SWC + cell file.</summary>
    private static string WriteCable(ExperimentContext context, int compartments, double duration, double dt)
    {
        var name = $"cable{compartments}";
        File.WriteAllText(context.PathFor(name + ".swc"), "1 2 0 0 0 0.5 -1\n2 2 1000 0 0 0.5 1\n");
        var cell = new Dictionary<string, object>
        {
            ["format"] = "neuronlab-cell/1",
            ["name"] = name,
            ["morphology"] = new Dictionary<string, object> { ["swc"] = name + ".swc" },
            ["discretization"] = new Dictionary<string, object> { ["policy"] = "per-branch", ["value"] = compartments },
            ["properties"] = new[] { new Dictionary<string, object> { ["region"] = "all", ["Ra"] = 100, ["cm"] = 1, ["v_init"] = -65 } },
            ["mechanisms"] = new[] { new Dictionary<string, object> { ["name"] = "hh", ["region"] = "all" } },
            ["stimuli"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = "i", ["location"] = new Dictionary<string, object> { ["branch"] = 0, ["x"] = 0.05 },
                    ["waveform"] = new Dictionary<string, object> { ["kind"] = "step", ["start"] = 1, ["duration"] = duration, ["amplitude"] = 0.1 },
                },
            },
            ["probes"] = new[] { new Dictionary<string, object> { ["name"] = "v", ["location"] = new Dictionary<string, object> { ["branch"] = 0, ["x"] = 0.5 }, ["quantity"] = "v" } },
            ["simulation"] = new Dictionary<string, object> { ["tstop"] = duration, ["dt"] = dt, ["scheme"] = "backward-euler" },
        };
        var path = context.PathFor(name + ".json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(cell, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static void Add(List<Dictionary<string, object>> rows, StringBuilder table, int compartments, string engine, int lanes, double seconds, double rate, double neuronRate)
    {
        rows.Add(new() { ["compartments"] = compartments, ["engine"] = engine, ["lanes"] = lanes, ["median_seconds"] = seconds, ["compartment_steps_per_second"] = rate, ["ratio_to_neuron"] = rate / neuronRate });
        table.Append(CultureInfo.InvariantCulture, $"| {compartments} | {engine} | {lanes} | {seconds:G4} | {rate:G4} | {rate / neuronRate:F2} |\n");
    }

    /// <summary>Runs until at least <see cref="WarmUpSeconds"/> have passed, so kernels are compiled and the JIT has
    /// promoted hot methods to optimised code before timing (as BenchmarkDotNet's warm-up does).</summary>
    private static void WarmUp(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        do action(); while (stopwatch.Elapsed.TotalSeconds < WarmUpSeconds);
    }

    private const double WarmUpSeconds = 1.0;

    private static double Time(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }
}
