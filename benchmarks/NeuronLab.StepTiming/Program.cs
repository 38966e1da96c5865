using System.Diagnostics;
using System.Globalization;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Morph;
using NeuronLab.Simulation;
using NeuronLab.Simulation.CellFiles;
using NeuronLab.Simulation.Lowering;

// Compartment-steps per second of a forward run on one thread, for the bench's workloads (same cells, dt 0.025 ms,
// backward Euler, 1.6·10⁶ compartment-steps per run). Prints the median and the best of repeated runs for SECONDS, by
// wall clock and by this process's CPU time: the latter leaves out time the VM's core was given to a neighbour but
// counts every thread of the process (JIT, GC, idle pool threads), so it is for comparing builds, not an absolute rate.
// To compare two builds on a noisy machine, run both alternately, several times each, and compare medians.
if (args.Length < 2) { Console.Error.WriteLine("usage: WORKLOAD(hh-11|hh-101|hh-1001|c4a-io) LANES [SECONDS]"); return 2; }
var workload = args[0];
var lanes = int.Parse(args[1], CultureInfo.InvariantCulture);
var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 5;
const double Dt = 0.025;

var dir = Directory.CreateTempSubdirectory("steptiming").FullName;
try
{
    var (cell, lane) = workload == "c4a-io" ? IoCell(dir) : Cable(dir, int.Parse(workload["hh-".Length..], CultureInfo.InvariantCulture));
    var lowered = CellLowering.Lower(cell);
    var n = lowered.CompartmentCount;
    var steps = Math.Max(40, (int)(1.6e6 / ((double)lanes * n)));
    var settings = new SimulationSettings(steps * Dt, Dt, TimeScheme.BackwardEuler, []);
    var batch = Enumerable.Repeat(lane, lanes).ToList();
    var process = Process.GetCurrentProcess();
    double Cpu() { process.Refresh(); return process.TotalProcessorTime.TotalSeconds; }
    Simulator.Run(lowered, settings, batch, new SimulationOptions(Threads: 1));
    var (wall, cpu) = (new List<double>(), new List<double>());
    var total = Stopwatch.StartNew();
    while (total.Elapsed.TotalSeconds < seconds || wall.Count < 5)
    {
        var c0 = Cpu();
        var sw = Stopwatch.StartNew();
        Simulator.Run(lowered, settings, batch, new SimulationOptions(Threads: 1));
        wall.Add(n * (double)steps * lanes / sw.Elapsed.TotalSeconds);
        cpu.Add(n * (double)steps * lanes / (Cpu() - c0));
    }
    wall.Sort();
    cpu.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{workload} x{lanes}: {n} compartments, {steps} steps, {wall.Count} runs; compartment-steps/s wall median {wall[wall.Count / 2]:G4} best {wall[^1]:G4}; CPU-time median {cpu[cpu.Count / 2]:G4}"));
    return 0;
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static (NeuronLab.Model.Cells.CellDescription, Lane) Cable(string dir, int compartments)
{
    File.WriteAllText(Path.Combine(dir, "cable.swc"), "1 2 0 0 0 0.5 -1\n2 2 1000 0 0 0.5 1\n");
    File.WriteAllText(Path.Combine(dir, "cable.json"), $$"""
    { "format": "neuronlab-cell/1", "name": "cable", "morphology": { "swc": "cable.swc" },
      "discretization": { "policy": "per-branch", "value": {{compartments}} },
      "properties": [ { "region": "all", "Ra": 100, "cm": 1, "v_init": -65 } ],
      "mechanisms": [ { "name": "hh", "region": "all" } ],
      "stimuli": [ { "name": "i", "location": { "branch": 0, "x": 0.05 }, "waveform": { "kind": "step", "start": 0.1, "duration": 1e9, "amplitude": 0.1 } } ],
      "probes": [ { "name": "v", "location": { "branch": 0, "x": 0.5 }, "quantity": "v" } ],
      "simulation": { "tstop": 10, "dt": 0.025, "scheme": "backward-euler" } }
    """);
    var file = CellFileReader.Read(Path.Combine(dir, "cable.json"));
    return (file.Cell, file.Lane);
}

static (NeuronLab.Model.Cells.CellDescription, Lane) IoCell(string dir)
{
    File.Copy(NeuronLab.Experiments.ExperimentContext.SharedData("gradient-diffusion", "C4A.swc"), Path.Combine(dir, "C4A.swc"));
    File.WriteAllText(Path.Combine(dir, "c4a-io.json"), """
    { "format": "neuronlab-cell/1", "name": "c4a-io", "morphology": { "swc": "C4A.swc" },
      "discretization": { "policy": "per-branch", "value": 1 },
      "properties": [ { "region": "all", "Ra": 100, "cm": 1, "v_init": -60 } ],
      "mechanisms": [ { "name": "io_soma", "region": "soma" }, { "name": "io_dend", "region": "dend" }, { "name": "io_axon", "region": "axon" } ],
      "stimuli": [ { "name": "i", "location": { "branch": 0, "x": 0.5 }, "waveform": { "kind": "step", "start": 0.1, "duration": 1e9, "amplitude": 0.3 } } ],
      "probes": [ { "name": "soma", "location": { "branch": 0, "x": 0.5 }, "quantity": "v" } ],
      "simulation": { "tstop": 10, "dt": 0.025, "scheme": "backward-euler" } }
    """);
    var file = CellFileReader.Read(Path.Combine(dir, "c4a-io.json"));
    return (InferiorOliveCell.Create(SwcReader.ReadMorphology(Path.Combine(dir, "C4A.swc"))), file.Lane);
}
