using System.Collections.Immutable;
using System.Globalization;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation;
using NeuronLab.Simulation.CellFiles;

namespace NeuronLab.Interactive;

/// <summary>
/// <c>#!simulate --cell NAME [--tstop ms] [--dt ms] [--probe soma,all,2:0.5,c3] [--stim nA,nA,…] [--at soma]
/// [--delay ms] [--duration ms] [--scheme backwardeuler|cranknicolson] [--threads n]</c>: simulates the
/// <see cref="CellDescription"/> held in a notebook variable with <see cref="Simulator.Run(CellDescription, SimulationSettings, IReadOnlyList{Lane}, SimulationOptions?)"/>,
/// one lane per stimulus amplitude, and displays the traces (a space–time heatmap for many probes). The interrupt
/// button cancels the run.
/// </summary>
/// <remarks>
/// <c>--cell PATH.json</c> runs a cell file (docs/cell-file.md) as <c>reproduce simulate</c> does (a network file,
/// docs/network-file.md, runs every cell as its cell file says and shows their traces and a spike raster): its stimuli, probes and
/// settings, with <c>--tstop</c>, <c>--dt</c>, <c>--scheme</c> and <c>--probe</c> overriding the file's when given. The
/// stimulus options describe the one clamp of a variable cell, so they are refused for a file rather than silently ignored.
/// </remarks>
public sealed class SimulateMagic : MagicCommand
{
    public override string Name => "simulate";
    public override string Description => "Simulates a cell held in a variable (one lane per --stim amplitude) and plots the probes.";
    public override string? Example => "#!simulate --cell cable --tstop 50 --dt 0.025 --probe soma,0:1 --stim 0.1,0.2,0.4";
    public override IReadOnlyList<MagicOption> Options { get; } =
    [
        new MagicOption("cell", typeof(string), "A variable holding a CellDescription, or a cell file PATH.json (its stimuli, probes and settings).", Required: true),
        new MagicOption("tstop", typeof(double), "Duration [ms].", 50.0),
        new MagicOption("dt", typeof(double), "Time step [ms].", 0.025),
        new MagicOption("probe", typeof(string), "Voltage probes, comma-separated: soma|axon|dend|apic (first branch of the region, middle), "
            + "all (every branch middle, or every compartment), B:x (branch B at x in 0..1), cN (compartment N).", "soma"),
        new MagicOption("stim", typeof(string), "Current-clamp amplitudes [nA], comma-separated: one lane each; 0 for none.", "0.1"),
        new MagicOption("at", typeof(string), "Where the current clamp is (same syntax as one --probe).", "soma"),
        new MagicOption("delay", typeof(double), "Stimulus onset [ms].", 5.0),
        new MagicOption("duration", typeof(double), "Stimulus duration [ms].", 30.0),
        new MagicOption("scheme", typeof(TimeScheme), "Time-stepping scheme.", TimeScheme.BackwardEuler),
        new MagicOption("threads", typeof(int), "Threads (blocks of lanes).", 1),
    ];

    public override async Task InvokeAsync(MagicInvocation invocation, IMagicContext context, Func<Task> next)
    {
        var name = invocation.Get<string>("cell");
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            SimulateFile(invocation, context, name);
            await next().ConfigureAwait(false);
            return;
        }
        var cell = MagicHelpers.Variable<CellDescription>(context, Name, "cell", name);
        var tstop = invocation.Get<double>("tstop");
        var dt = invocation.Get<double>("dt");
        if (!(dt > 0) || !(tstop > 0))
            throw new MagicException($"#!simulate: --tstop and --dt must be positive (got {tstop} and {dt} ms).");
        var threads = invocation.Get<int>("threads");
        if (threads < 1)
            throw new MagicException("#!simulate: --threads must be at least 1.");
        var probes = MagicHelpers.List(invocation.Get<string>("probe")).SelectMany(p => Locations(cell, p, "probe"))
            .Select(l => Probe.Voltage(l.Name, l.Location)).ToImmutableArray();
        if (probes.IsEmpty)
            throw new MagicException("#!simulate: --probe names no location.");
        var at = Locations(cell, invocation.Get<string>("at"), "at");
        if (at.Count != 1)
            throw new MagicException("#!simulate: --at must name one location (not 'all').");
        var amplitudes = MagicHelpers.List(invocation.Get<string>("stim")).Select(a =>
            double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                ? v
                : throw new MagicException($"#!simulate: --stim '{a}' is not a number (nA).")).ToList();
        if (amplitudes.Count == 0)
            throw new MagicException("#!simulate: --stim needs at least one amplitude (0 for no stimulus).");
        var waveform = (double amp) => new StepWaveform(invocation.Get<double>("delay"), invocation.Get<double>("duration"), amp);
        var lanes = amplitudes.Select(a => a == 0 ? Lane.With() : Lane.With(new CurrentClamp("iclamp", at[0].Location, waveform(a)))).ToList();
        var settings = new SimulationSettings(tstop, dt, invocation.Get<TimeScheme>("scheme"), probes);
        var result = MagicHelpers.Load(Name, () => NeuronLab.Simulation.Backends.BackendSimulator.Run(cell, settings, lanes,
            new NeuronLab.Simulation.Backends.BackendOptions(BackendMagic.Current, Cpu: new SimulationOptions(threads, context.CancellationToken))));
        context.Out.WriteLine($"{SimulationView.Summary(result)}; lanes: {string.Join(", ", amplitudes.Select((a, i) => $"{i}: {a.ToString(CultureInfo.InvariantCulture)} nA"))}");
        Display.Show(result);
        await next().ConfigureAwait(false);
    }

    /// <summary>Options that describe the clamp of a variable cell; a cell file brings its own stimuli.</summary>
    private static readonly string[] s_stimulusOptions = ["stim", "at", "delay", "duration"];

    private void SimulateFile(MagicInvocation invocation, IMagicContext context, string path)
    {
        if (s_stimulusOptions.FirstOrDefault(invocation.Has) is { } given)
            throw new MagicException($"#!simulate: --{given} describes the clamp of a cell variable; a cell file brings its own stimuli (edit its \"stimuli\").");
        if (!File.Exists(path))
            throw new MagicException($"#!simulate: no cell file '{path}' (relative paths start at {Directory.GetCurrentDirectory()}).");
        if (NetworkFileReader.IsNetworkFile(path))
        {
            SimulateNetwork(invocation, context, path);
            return;
        }
        CellFile file;
        try
        {
            file = CellFileReader.Read(path);
        }
        catch (CellFileException e)
        {
            throw new MagicException($"#!simulate: {e.Message}");
        }
        var settings = file.Settings;
        if (invocation.Has("tstop") || invocation.Has("dt"))
        {
            var (tstop, dt) = (invocation.Has("tstop") ? invocation.Get<double>("tstop") : settings.Duration, invocation.Has("dt") ? invocation.Get<double>("dt") : settings.Dt);
            if (!(dt > 0) || !(tstop > 0))
                throw new MagicException($"#!simulate: --tstop and --dt must be positive (got {tstop} and {dt} ms).");
            settings = settings with { Duration = tstop, Dt = dt };
        }
        if (invocation.Has("scheme")) settings = settings with { Scheme = invocation.Get<TimeScheme>("scheme") };
        if (invocation.Has("probe"))
            settings = settings with
            {
                Probes = [.. MagicHelpers.List(invocation.Get<string>("probe")).SelectMany(p => Locations(file.Cell, p, "probe")).Select(l => Probe.Voltage(l.Name, l.Location))],
            };
        var threads = invocation.Get<int>("threads");
        if (threads < 1)
            throw new MagicException("#!simulate: --threads must be at least 1.");
        var result = MagicHelpers.Load(Name, () => NeuronLab.Simulation.Backends.BackendSimulator.Run(file.Cell, settings, [file.Lane],
            new NeuronLab.Simulation.Backends.BackendOptions(BackendMagic.Current, Cpu: new SimulationOptions(threads, context.CancellationToken))));
        context.Out.WriteLine($"{SimulationView.Summary(result)}; cell file {file.Name} ({Path.GetFileName(file.SourcePath)}), {file.Lane.Stimuli.Length} stimuli");
        Display.Show(result);
    }

    /// <summary>
    /// A network file (docs/network-file.md): every cell's probes as traces, and a raster of every detector's spikes
    /// (cell on the y axis). Runs on the CPU back end (networks are not on the device back ends).
    /// </summary>
    private void SimulateNetwork(MagicInvocation invocation, IMagicContext context, string path)
    {
        if (invocation.Has("probe") || invocation.Has("tstop") || invocation.Has("dt") || invocation.Has("scheme"))
            throw new MagicException("#!simulate: a network file takes its probes, tstop, dt and scheme from its cell file; edit that file.");
        if (BackendMagic.Current != NeuronLab.Simulation.Backends.ComputeBackend.Cpu)
            throw new MagicException($"#!simulate: networks run on the CPU back end only (the current back end is {BackendMagic.Current}); use #!backend cpu.");
        var threads = invocation.Get<int>("threads");
        if (threads < 1)
            throw new MagicException("#!simulate: --threads must be at least 1.");
        NetworkFile network;
        try
        {
            network = NetworkFileReader.Read(path);
        }
        catch (CellFileException e)
        {
            throw new MagicException($"#!simulate: {e.Message}");
        }
        var result = MagicHelpers.Load(Name, () => network.Run(new SimulationOptions(threads, context.CancellationToken)));
        var spikes = result.SpikeTimes.Sum(d => d.Sum(l => l.Length));
        context.Out.WriteLine($"{SimulationView.Summary(result.Recording)}; network {network.Name}: {network.Lanes.Length} cells, " +
            $"{network.Network.Connections.Length} connections, {spikes} spikes");
        Display.Show(result.Recording);
        var raster = new Figure().WithTitle($"Spikes of {network.Name}").WithAxes(new Axis("t (ms)", 0, network.Cell.Settings.Duration), new Axis("cell"));
        for (var k = 0; k < result.Detectors.Length; k++)
        {
            var times = result.SpikeTimes[k];
            raster = raster.AddMarkers(times.SelectMany(t => t), times.SelectMany((t, cell) => t.Select(_ => (double)cell)), name: result.Detectors[k], size: 8);
        }
        Display.Show(raster);
    }

    /// <summary>Resolves one location token (see the --probe option) on <paramref name="cell"/>.</summary>
    internal static IReadOnlyList<(string Name, Location Location)> Locations(CellDescription cell, string token, string option)
    {
        var morphology = MagicHelpers.MorphologyOf(cell);
        var graph = cell.Shape is GraphShape g ? g.Graph : null;
        if (token == "all")
        {
            return morphology is not null
                ? [.. morphology.Branches.Select(b => ($"b{b.Id}", Location.OnBranch(b.Id, 0.5)))]
                : [.. graph!.Compartments.Select(c => ($"c{c.Id}", Location.AtCompartment(c.Id)))];
        }
        if (token.Length > 1 && token[0] == 'c' && int.TryParse(token[1..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            return [(token, Location.AtCompartment(id))];
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            if (morphology is null)
                throw new MagicException($"#!simulate: --{option} {token}: branch locations need a morphology cell; use cN for a compartment graph.");
            if (!int.TryParse(token[..colon], NumberStyles.Integer, CultureInfo.InvariantCulture, out var branch)
                || !double.TryParse(token[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || x < 0 || x > 1)
                throw new MagicException($"#!simulate: --{option} {token}: expected B:x with a branch number B and 0 ≤ x ≤ 1.");
            if (branch < 0 || branch >= morphology.Branches.Length)
                throw new MagicException($"#!simulate: --{option} {token}: the cell has branches 0..{morphology.Branches.Length - 1}.");
            return [(token, Location.OnBranch(branch, x))];
        }
        var tag = MagicHelpers.TagOf(token)
            ?? throw new MagicException($"#!simulate: --{option} '{token}' is not a location: use soma|axon|dend|apic|tagN, all, B:x or cN.");
        if (morphology is not null)
        {
            var first = morphology.Branches.FirstOrDefault(b => b.Tag == tag);
            if (first is null)
            {
                if (token == "soma")
                    return [("soma (branch 0)", Location.OnBranch(0, 0.5))]; // cells without a soma tag (e.g. a cable): its first branch
                throw new MagicException($"#!simulate: --{option} {token}: the morphology has no branch with tag {tag}. Tags: {string.Join(", ", morphology.Tags)}.");
            }
            return [(token, Location.OnBranch(first.Id, 0.5))];
        }
        var compartment = graph!.Compartments.FirstOrDefault(c => c.Tag == tag) ?? graph.Compartments[0];
        return [(token, Location.AtCompartment(compartment.Id))];
    }
}
