using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuronLab.Experiments.Neuron;
using NeuronLab.Model.Catalogue;
using NeuronLab.Simulation;
using NeuronLab.Simulation.CellFiles;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Experiments.Validation;

/// <summary>
/// The same cell files simulated by NeuronLab and by NEURON 8.2 (Debian python3-neuron). NEURON's side is built by
/// <c>Scripts/neuron_cell.py</c> from the cell file and its SWC alone (an independent implementation of the
/// documented branch cutting and painting), with the same .mod files compiled by nrnivmodl, including our hh.mod and
/// pas.mod under renamed suffixes. Each case runs with backward Euler and Crank–Nicolson. Claims per voltage trace:
/// RMS ≤ 0.05 mV, max ≤ 0.5 mV, every spike within one dt; and, with NEURON's own dI/dV, step-for-step agreement.
/// </summary>
public sealed class ValidateNeuronExperiment : IExperiment
{
    /// <summary>RMS difference allowed per trace [mV] (issue 2).</summary>
    public const double RmsTolerance = 0.05;
    /// <summary>Largest difference allowed per trace [mV] (issue 2).</summary>
    public const double MaxTolerance = 0.5;

    /// <summary>
    /// Catalogue mechanisms whose SUFFIX NEURON has built in: their .mod files are compiled for NEURON under the suffix
    /// given here (a textual rename of the SUFFIX line only), so NEURON runs our file, not its own hh/pas.
    /// </summary>
    public static IReadOnlyDictionary<string, string> NeuronRenames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["hh"] = "hh_nl",
        ["pas"] = "pas_nl",
    };

    /// <summary>
    /// With NEURON's own dI/dV (<see cref="CurrentSlope.NeuronDifference"/>) the two simulators take the same steps, so
    /// traces agree to rounding, amplified over thousands of steps: at most this much [mV].
    /// </summary>
    public const double StepForStepTolerance = 1e-6;

    /// <summary>
    /// Cases whose step-for-step agreement is measured and reported but not claimed, with the NEURON behaviour that
    /// explains the difference (each checked in NEURON 8.2 itself) or the plain statement that it is not explained yet.
    /// </summary>
    public static IReadOnlyDictionary<string, string> StepForStepExceptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["c4a-hh"] = "NEURON stores 3-D points in single precision (pt3dadd(10.123456789) reads back 10.123456954956055), so C4A's areas and resistances differ from ours at 1e-10 relative",
        ["jk-compartment"] = "nocmodl keeps PARAMETER defaults to 6 significant digits (gl_jk reads back 0.027027, the file says 0.027027027027027027)",
        ["vtrap-ka-axon-cn"] = "not explained yet: METHOD derivimplicit (ka_q10) under Crank–Nicolson; the same case agrees to 1e-11 mV with backward Euler",
    };

    /// <summary>The case files, in Validation/Cases next to the assembly, run in this order.</summary>
    public static IReadOnlyList<string> CaseFiles { get; } = ["hh-axon.json", "c4a-hh.json", "io-cell.json", "jk-compartment.json", "vtrap-ka-axon.json"];

    /// <summary>Network files (docs/network-file.md) over the case cells, run after the cells.</summary>
    public static IReadOnlyList<string> NetworkCaseFiles { get; } = ["hh-network.json"];

    /// <summary>
    /// Spike times of a network agree step for step: the same step in both, up to NEURON's t being a running sum of dt
    /// (ours is n·dt) and the 1e-10 ms event epsilon NEURON's NetCon puts on recorded times (measured shift 1.0e-10 ms) [ms].
    /// </summary>
    public const double SpikeTimeRounding = 1e-9;

    public string Name => "validate-neuron";
    public string Description => "NeuronLab vs NEURON on cell files (HH axon, HH on C4A, IO cell, JK compartment, ModelDB-style mods; BE and CN)";

    public static string CasesFolder => Path.Combine(AppContext.BaseDirectory, "Validation", "Cases");

    public ExperimentReport Run(ExperimentContext context)
    {
        if (!NeuronProcess.IsAvailable())
            throw new InvalidOperationException($"NEURON is not importable by {NeuronProcess.Python}; install Debian's python3-neuron (scripts/setup.sh does).");
        var staged = context.PathFor("cases");
        var cases = CaseFiles.Select(f => Stage(Path.Combine(CasesFolder, f), staged)).ToList();
        var library = CompileMechanisms(cases, context);

        var claims = new List<Claim>();
        var table = new StringBuilder("| case | probe | RMS (mV) | max (mV) | spikes ours / NEURON | max spike shift (ms) | max (mV) with NEURON's dI/dV |\n|---|---|---|---|---|---|---|\n");
        var geometry = new StringBuilder("| case | NeuronLab compartments | NeuronLab area (µm²) | NEURON |\n|---|---|---|---|\n");
        foreach (var cellFile in cases)
        {
            var lowered = CellLowering.Lower(cellFile.Cell);
            geometry.Append(CultureInfo.InvariantCulture, $"| {cellFile.Name} | {lowered.CompartmentCount} | {lowered.Area.Sum():F4} | ");
            foreach (var scheme in new[] { TimeScheme.BackwardEuler, TimeScheme.CrankNicolson })
            {
                var (tag, schemeName) = scheme == TimeScheme.BackwardEuler ? ("be", "backward-euler") : ("cn", "crank-nicolson");
                var id = $"{cellFile.Name}-{tag}";
                context.Log($"{id}: simulating with NeuronLab and NEURON");
                var settings = cellFile.Settings with { Scheme = scheme, Slope = CurrentSlope.Exact };
                var ours = Simulator.Run(lowered, settings, [cellFile.Lane], new SimulationOptions(context.Threads, context.Cancellation));
                var stepForStep = Simulator.Run(lowered, settings with { Slope = CurrentSlope.NeuronDifference }, [cellFile.Lane], new SimulationOptions(context.Threads, context.Cancellation));
                var (neuron, info) = NeuronProcess.Simulate(cellFile.SourcePath, context.PathFor($"{id}.neuron.csv"), schemeName, library, NeuronRenames);
                File.WriteAllText(context.PathFor($"{id}.neuronlab.csv"), TraceCsvWriter.ToCsv(ours.Traces));
                context.Log($"{id}: NEURON {info}; NeuronLab {lowered.CompartmentCount} compartments, area {lowered.Area.Sum():F3} µm²");
                if (scheme == TimeScheme.BackwardEuler) geometry.Append(info).Append(" |\n");

                foreach (var trace in ours.Traces)
                {
                    var times = trace.Times;
                    var theirs = neuron[trace.Probe.Name];
                    if (theirs.Length != times.Length)
                        throw new InvalidOperationException($"{id}/{trace.Probe.Name}: NEURON recorded {theirs.Length} samples, NeuronLab {times.Length}.");
                    var c = TraceComparison.Compare(times, trace.Values[0], theirs);
                    var same = TraceComparison.Compare(times, stepForStep[trace.Probe.Name].Values[0], theirs);
                    var probeId = $"{id}.{trace.Probe.Name}";
                    var exception = StepForStepExceptions.FirstOrDefault(e => id == e.Key || id.StartsWith(e.Key + "-", StringComparison.Ordinal));
                    if (exception.Key is null)
                        claims.Add(new Claim($"{probeId}.step-for-step", $"With NEURON's dI/dV, V at {trace.Probe.Name} equals NEURON's step for step ({id})",
                            $"max <= {StepForStepTolerance} mV", $"{F(same.Max)} mV", same.Max <= StepForStepTolerance));
                    claims.Add(new Claim($"{probeId}.rms", $"RMS difference of V at {trace.Probe.Name} ({id})", $"<= {RmsTolerance} mV", $"{F(c.Rms)} mV", c.Rms <= RmsTolerance));
                    claims.Add(new Claim($"{probeId}.max", $"Largest difference of V at {trace.Probe.Name} ({id})", $"<= {MaxTolerance} mV", $"{F(c.Max)} mV", c.Max <= MaxTolerance));
                    claims.Add(new Claim($"{probeId}.spikes", $"Every spike at {trace.Probe.Name} matched within one dt ({id})",
                        $"same count, shift <= {settings.Dt} ms", $"{c.SpikesA.Length} vs {c.SpikesB.Length} spikes, max shift {F(c.MaxSpikeShift)} ms",
                        c.SameSpikeCount && c.MaxSpikeShift <= settings.Dt));
                    table.Append(CultureInfo.InvariantCulture, $"| {id} | {trace.Probe.Name} | {F(c.Rms)} | {F(c.Max)} | {c.SpikesA.Length} / {c.SpikesB.Length} | {F(c.MaxSpikeShift)} | {F(same.Max)} |\n");
                }
            }
        }
        foreach (var networkCase in NetworkCaseFiles)
            table.Append(ValidateNetwork(Path.Combine(CasesFolder, networkCase), staged, library, context, claims));
        File.WriteAllText(context.PathFor("report.md"),
            "# validate-neuron: NeuronLab vs NEURON 8.2\n\n" +
            "Both simulators read the same cell files (`cases/*.json`, with their SWC and .mod files). NEURON's model is built by " +
            "`Scripts/neuron_cell.py` from the cell file alone: its own SWC reading, soma conventions, branch cutting (one section per " +
            "branch), nseg from the discretisation and painting by region. Mechanisms other than hh and pas are compiled from the same " +
            ".mod files with nrnivmodl — our hh.mod and pas.mod too, compiled under the suffixes hh_nl and pas_nl because NEURON has its own hh and pas — and every TABLE is off. " +
            "Spikes are upward crossings of -20 mV.\n\n" + table +
            "\nTolerances: RMS <= 0.05 mV, max <= 0.5 mV, spikes within one dt.\n\n## Geometry\n\n" + geometry +
            "\n## The one principled difference: dI/dV\n\nNEURON linearises each step with dI/dV from a forward difference, (I(v + 0.001 mV) − I(v))/0.001; NeuronLab " +
            "differentiates exactly. For currents linear in v at fixed gates (hh, pas) the two are equal to rounding; for currents with " +
            "instantaneous nonlinear gates (the inferior-olive m∞³, the JK softplus rates) they differ at O(0.001 mV · d²I/dV²), which " +
            "the RMS/max columns measure. The last column reruns NeuronLab with NEURON's forward difference " +
            "(`\"slope\": \"neuron-difference\"` in a cell file): the two simulators then take the same steps and agree to rounding.\n\n" +
            "The io-cell case uses dt = 0.005 ms: at 0.025 ms, backward Euler is unstable on this cell's spike upstroke in both simulators " +
            "(a period-2dt sawtooth, growth ≈ ×2.4 per step), so 1e-16 rounding differences grow to millivolts within 1.5 ms " +
            "(measured: agreement to 1e-12 mV until t = 1.8 ms with NEURON's dI/dV, 1e-6 mV at 2.2 ms, 4 mV at 3.2 ms).\n\n" +
            "Step-for-step agreement is claimed (max <= " + StepForStepTolerance + " mV) except where a NEURON behaviour explains a difference:\n\n" +
            string.Concat(StepForStepExceptions.Select(e => $"- {e.Key}: {e.Value}\n")));
        return new ExperimentReport(claims);
    }

    /// <summary>
    /// A network file over one of the staged case cells, in NeuronLab (lanes joined by <c>ExpSynapse</c>s, detectors and
    /// delayed connections) and in NEURON (ExpSyn and NetCon): every probe of every cell, and every detector's spike times.
    /// </summary>
    private static string ValidateNetwork(string networkPath, string staged, string? library, ExperimentContext context, List<Claim> claims)
    {
        var target = Path.Combine(staged, Path.GetFileName(networkPath));
        File.Copy(networkPath, target, overwrite: true);
        var network = NetworkFileReader.Read(target);
        var lowered = CellLowering.Lower(network.Cell.Cell);
        var rows = new StringBuilder();
        foreach (var scheme in new[] { TimeScheme.BackwardEuler, TimeScheme.CrankNicolson })
        {
            var (tag, schemeName) = scheme == TimeScheme.BackwardEuler ? ("be", "backward-euler") : ("cn", "crank-nicolson");
            var id = $"{network.Name}-{tag}";
            context.Log($"{id}: simulating {network.Lanes.Length} connected cells with NeuronLab and NEURON");
            var settings = network.Cell.Settings with { Scheme = scheme };
            var options = new SimulationOptions(context.Threads, context.Cancellation);
            var ours = Simulator.Run(lowered, settings with { Slope = CurrentSlope.Exact }, network.Lanes, network.Network, options);
            var same = Simulator.Run(lowered, settings with { Slope = CurrentSlope.NeuronDifference }, network.Lanes, network.Network, options);
            var (neuron, neuronSpikes) = NeuronProcess.SimulateNetwork(target, context.PathFor($"{id}.neuron.csv"), schemeName, library, NeuronRenames);
            foreach (var trace in ours.Recording.Traces)
            {
                for (var cell = 0; cell < network.Lanes.Length; cell++)
                {
                    var theirs = neuron[$"{cell}.{trace.Probe.Name}"];
                    var c = TraceComparison.Compare(trace.Times, trace.Values[cell], theirs);
                    var stepped = TraceComparison.Compare(trace.Times, same.Recording[trace.Probe.Name].Values[cell], theirs);
                    var probeId = $"{id}.cell{cell}.{trace.Probe.Name}";
                    claims.Add(new Claim($"{probeId}.step-for-step", $"With NEURON's dI/dV, V at {trace.Probe.Name} of cell {cell} equals NEURON's step for step ({id})",
                        $"max <= {StepForStepTolerance} mV", $"{F(stepped.Max)} mV", stepped.Max <= StepForStepTolerance));
                    claims.Add(new Claim($"{probeId}.max", $"Largest difference of V at {trace.Probe.Name} of cell {cell} ({id})", $"<= {MaxTolerance} mV", $"{F(c.Max)} mV", c.Max <= MaxTolerance));
                    rows.Append(CultureInfo.InvariantCulture, $"| {id} | cell {cell} {trace.Probe.Name} | {F(c.Rms)} | {F(c.Max)} | {c.SpikesA.Length} / {c.SpikesB.Length} | {F(c.MaxSpikeShift)} | {F(stepped.Max)} |\n");
                }
            }
            foreach (var detector in ours.Detectors)
            {
                for (var cell = 0; cell < network.Lanes.Length; cell++)
                {
                    var a = same.Spikes(detector, cell);
                    var b = neuronSpikes[detector][cell];
                    var shift = a.Length == b.Length && a.Length > 0 ? a.Zip(b, (x, y) => Math.Abs(x - y)).Max() : 0;
                    claims.Add(new Claim($"{id}.cell{cell}.{detector}.spike-times", $"Detector {detector} of cell {cell}: the same spike times as NEURON's NetCon ({id}, NEURON's dI/dV)",
                        $"same count, shift <= {SpikeTimeRounding} ms", $"{a.Length} vs {b.Length} spikes, max shift {F(shift)} ms",
                        a.Length == b.Length && shift <= SpikeTimeRounding));
                }
            }
            // Not vacuous: the unstimulated cells fire only through the synapses.
            var driven = Enumerable.Range(0, network.Lanes.Length).Where(l => network.Lanes[l].Stimuli.IsEmpty).ToArray();
            var counts = driven.Select(l => ours.SpikeTimes[0][l].Length).ToArray();
            claims.Add(new Claim($"{id}.synaptic-drive", $"Every unstimulated cell fires through its synapses ({id}, detector {ours.Detectors[0]})",
                "> 0 spikes each", string.Join(", ", driven.Zip(counts, (l, n) => $"cell {l}: {n}")), counts.All(n => n > 0)));
        }
        return rows.ToString();
    }

    /// <summary>
    /// Copies a case file and the files it names (SWC, .mod) into <paramref name="folder"/> and reads the copy. A file
    /// that is not shipped beside the case (C4A.swc) comes from the shared data (data/gradient-diffusion).
    /// </summary>
    private static CellFile Stage(string casePath, string folder)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, Path.GetFileName(casePath));
        File.Copy(casePath, target, overwrite: true);
        using (var json = JsonDocument.Parse(File.ReadAllText(casePath)))
        {
            var references = new List<string>();
            if (json.RootElement.GetProperty("morphology").TryGetProperty("swc", out var swc)) references.Add(swc.GetString()!);
            foreach (var m in json.RootElement.GetProperty("mechanisms").EnumerateArray())
                if (m.TryGetProperty("mod", out var mod)) references.Add(mod.GetString()!);
            foreach (var reference in references)
            {
                var beside = Path.Combine(Path.GetDirectoryName(casePath)!, reference);
                var source = File.Exists(beside) ? beside : ExperimentContext.SharedData("gradient-diffusion", reference);
                File.Copy(source, Path.Combine(folder, reference), overwrite: true);
            }
        }
        return CellFileReader.Read(target);
    }

    /// <summary>Compiles every non-built-in mechanism of the cases (catalogue sources and case .mod files) into one library.</summary>
    private static string? CompileMechanisms(IReadOnlyList<CellFile> cases, ExperimentContext context)
    {
        var catalogueFiles = NmodlCatalogue.FilesByMechanism();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cellFile in cases)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(cellFile.SourcePath));
            foreach (var m in json.RootElement.GetProperty("mechanisms").EnumerateArray())
            {
                if (m.TryGetProperty("mod", out var mod))
                {
                    var path = Path.Combine(Path.GetDirectoryName(cellFile.SourcePath)!, mod.GetString()!);
                    sources[Path.GetFileName(path)] = File.ReadAllText(path);
                }
                else if (m.GetProperty("name").GetString() is { } name)
                {
                    var source = NmodlCatalogue.Source(catalogueFiles[name]);
                    if (NeuronRenames.TryGetValue(name, out var suffix))
                    {
                        var renamed = System.Text.RegularExpressions.Regex.Replace(source, @"\bSUFFIX\s+" + name + @"\b", "SUFFIX " + suffix);
                        if (renamed == source) throw new InvalidOperationException($"{catalogueFiles[name]}: no 'SUFFIX {name}' line to rename.");
                        sources[suffix + ".mod"] = renamed;
                    }
                    else
                    {
                        sources[catalogueFiles[name]] = source;
                    }
                }
            }
        }
        if (sources.Count == 0) return null;
        context.Log($"nrnivmodl: compiling {string.Join(", ", sources.Keys.Order(StringComparer.Ordinal))}");
        return NeuronMechanismLibrary.Compile(context.PathFor("nrnmech"), sources.Select(kv => (kv.Key, kv.Value)));
    }

    private static string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
