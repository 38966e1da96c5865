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
            var cell = Cable(compartments);
            var lowered = CellLowering.Lower(cell);
            var settings = new SimulationSettings(duration, dt, TimeScheme.BackwardEuler, [Probe.Voltage("v", Location.OnBranch(0, 0.5))]);
            var stimulus = new CurrentClamp("i", Location.OnBranch(0, 0.05), new StepWaveform(1, duration, 0.1));
            var work = (double)compartments * settings.StepCount;

            var neuronOff = NeuronMedian(context, lowered, settings, stimulus, useTables: false, repeats, $"cable{compartments}");
            var neuronOn = NeuronMedian(context, lowered, settings, stimulus, useTables: true, repeats, $"cable{compartments}-tables");
            var neuronRate = work / neuronOff;
            Add(rows, table, compartments, "NEURON 8.2 (tables off)", 1, neuronOff, work / neuronOff, neuronRate);
            Add(rows, table, compartments, "NEURON 8.2 (tables on)", 1, neuronOn, work / neuronOn, neuronRate);

            foreach (var lanes in new[] { 1, 64 })
            {
                var batch = Enumerable.Range(0, lanes).Select(_ => Lane.With(stimulus)).ToList();
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

    private static double NeuronMedian(ExperimentContext context, LoweredCell cell, SimulationSettings settings, CurrentClamp stimulus, bool useTables, int repeats, string name)
    {
        var path = context.PathFor($"{name}.case.json");
        File.WriteAllText(path, NeuronCase.ToJson(cell, settings with { Probes = [] }, [stimulus], useTables));
        return Median(NeuronProcess.Benchmark(path, repeats));
    }

    private static void Add(List<Dictionary<string, object>> rows, StringBuilder table, int compartments, string engine, int lanes, double seconds, double rate, double neuronRate)
    {
        rows.Add(new() { ["compartments"] = compartments, ["engine"] = engine, ["lanes"] = lanes, ["median_seconds"] = seconds, ["compartment_steps_per_second"] = rate, ["ratio_to_neuron"] = rate / neuronRate });
        table.Append(CultureInfo.InvariantCulture, $"| {compartments} | {engine} | {lanes} | {seconds:G4} | {rate:G4} | {rate / neuronRate:F2} |\n");
    }

    private static CellDescription Cable(int compartments) =>
        new(new MorphologyShape(MorphologyBuilder.FromSegments([new Segment(0, -1, new Point3(0, 0, 0, 0.5), new Point3(1000, 0, 0, 0.5), 2)], "cable"), Discretization.PerBranch(compartments)),
            Decor.Empty.With(Region.All, new AxialResistivity(100)).With(Region.All, new InitialVoltage(-65)).With(Region.All, BuiltinMechanisms.HodgkinHuxley()));

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
