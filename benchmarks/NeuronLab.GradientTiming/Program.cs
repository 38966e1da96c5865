using System.Diagnostics;
using System.Globalization;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Morph;
using NeuronLab.Simulation;
using NeuronLab.Simulation.CellFiles;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;

// The bench's C4A gradient workload (4 lanes, work 4e5 compartment-steps), timed in interleaved rounds so that load
// from other processes hits every mode alike; each figure is the median over rounds of (mode time / forward time).
var repeats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var lanes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
const double Dt = 0.025;
const double Work = 4e5;

var dir = Directory.CreateTempSubdirectory("gradtiming").FullName;
File.Copy(NeuronLab.Experiments.ExperimentContext.SharedData("gradient-diffusion", "C4A.swc"), Path.Combine(dir, "C4A.swc"));
var cell = InferiorOliveCell.Create(SwcReader.ReadMorphology(Path.Combine(dir, "C4A.swc")));
var lowered = CellLowering.Lower(cell);
var steps = Math.Max(80, (int)(Work / (lanes * (double)lowered.CompartmentCount)));
var json = $$"""
{ "format": "neuronlab-cell/1", "name": "c4a-io", "morphology": { "swc": "C4A.swc" },
  "discretization": { "policy": "per-branch", "value": 1 },
  "properties": [ { "region": "all", "Ra": 100, "cm": 1, "v_init": -60 } ],
  "mechanisms": [ { "name": "io_soma", "region": "soma" }, { "name": "io_dend", "region": "dend" }, { "name": "io_axon", "region": "axon" } ],
  "stimuli": [ { "name": "i", "location": { "branch": 0, "x": 0.5 }, "waveform": { "kind": "step", "start": 0.1, "duration": {{(steps * Dt).ToString(CultureInfo.InvariantCulture)}}, "amplitude": 0.3 } } ],
  "probes": [ { "name": "soma", "location": { "branch": 0, "x": 0.5 }, "quantity": "v" } ],
  "simulation": { "tstop": {{(steps * Dt).ToString(CultureInfo.InvariantCulture)}}, "dt": {{Dt.ToString(CultureInfo.InvariantCulture)}}, "scheme": "backward-euler" } }
""";
File.WriteAllText(Path.Combine(dir, "c4a-io.json"), json);
var file = CellFileReader.Read(Path.Combine(dir, "c4a-io.json"));
var settings = file.Settings;
var batch = Enumerable.Repeat(file.Lane, lanes).ToList();
var recording = Simulator.Run(lowered, settings, batch);
var targets = Enumerable.Range(0, lanes).Select(l => recording.Traces.Select(t => (double[]?)t.Values[l].Select(x => x + 1.0).ToArray()).ToArray()).ToArray();
var loss = SquaredErrorLoss.HalfMeanOverTime(targets, recording.Traces[0].Values[0].Length);
var all = InferiorOliveCell.Conductances.Concat(InferiorOliveCell.ReversalPotentials).ToList();

var modes = new List<(string Name, Action Run)>
{
    ("forward run", () => Simulator.Run(lowered, settings, batch, new SimulationOptions(Threads: 1))),
};
foreach (var p in new[] { 1, 12, 17 })
{
    var parameters = all.Take(p).ToList();
    modes.Add(($"forward mode P={p}", () => Differentiation.Gradient(lowered, settings, batch, loss, parameters, new GradientOptions(GradientMode.Forward))));
}
modes.Add(($"reverse mode P={all.Count}", () => Differentiation.Gradient(lowered, settings, batch, loss, all, new GradientOptions(GradientMode.Reverse))));

foreach (var (_, run) in modes) run(); // compile kernels, jit
// Wall time and this process's CPU time per run: on a shared VM the CPU time leaves out the time the hypervisor gave
// the core to a neighbour (steal) but counts every thread of the process (JIT, GC, idle pool threads); compare builds
// with both, run by run.
var process = Process.GetCurrentProcess();
double CpuSeconds() { process.Refresh(); return process.TotalProcessorTime.TotalSeconds; }
var seconds = modes.Select(_ => new List<double>()).ToArray();
var cpu = modes.Select(_ => new List<double>()).ToArray();
for (var r = 0; r < repeats; r++)
{
    for (var m = 0; m < modes.Count; m++)
    {
        var c0 = CpuSeconds();
        var sw = Stopwatch.StartNew();
        modes[m].Run();
        seconds[m].Add(sw.Elapsed.TotalSeconds);
        cpu[m].Add(CpuSeconds() - c0);
    }
}
Console.WriteLine($"C4A IO, {lowered.CompartmentCount} compartments, {lanes} lanes x {steps} steps, {repeats} interleaved rounds");
Console.WriteLine("| mode | median s | median ratio to forward run (wall) | (CPU time) |");
Console.WriteLine("|---|---|---|---|");
for (var m = 0; m < modes.Count; m++)
{
    var ratio = Median(Enumerable.Range(0, repeats).Select(r => seconds[m][r] / seconds[0][r]));
    var cpuRatio = Median(Enumerable.Range(0, repeats).Select(r => cpu[m][r] / cpu[0][r]));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {modes[m].Name} | {Median(seconds[m]):G4} | {ratio:F2} | {cpuRatio:F2} |"));
}
{
    // Fixed cost per call: generating (and looking up) the gradient kernels of the three mechanisms.
    var mechanisms = lowered.Mechanisms.Select(x => x.Mechanism).Distinct().ToList();
    var sw = Stopwatch.StartNew();
    foreach (var x in mechanisms) NeuronLab.Simulation.Kernels.KernelCompiler.GradientFor(x);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gradient kernel lookup (warm), {mechanisms.Count} mechanisms: {sw.Elapsed.TotalMilliseconds:F1} ms"));
    sw.Restart();
    foreach (var x in mechanisms) NeuronLab.Simulation.Kernels.KernelCompiler.For(x);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"primal kernel lookup (warm): {sw.Elapsed.TotalMilliseconds:F1} ms"));
}
Directory.Delete(dir, recursive: true);

static double Median(IEnumerable<double> values)
{
    var s = values.Order().ToArray();
    return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
}
