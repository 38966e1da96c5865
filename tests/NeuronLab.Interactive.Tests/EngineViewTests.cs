using System.Collections.Immutable;
using System.Text.Json.Nodes;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;
using NeuronLab.Model.Stimuli;
using NeuronLab.Optimization.Records;
using NeuronLab.Simulation;

namespace NeuronLab.Interactive.Tests;

/// <summary>Formatters of the engine's types and the magics over the engine (#!neuron, #!mechanism, #!simulate, #!backend).</summary>
[Collection(nameof(StaticStateCollection))]
public sealed class EngineViewTests
{
    private sealed class Context(MagicRegistry magics) : IMagicContext
    {
        public StringWriter Writer { get; } = new();
        public TextWriter Out => Writer;
        public IReadOnlyList<VariableInfo> Variables { get; set; } = [];
        public MagicRegistry Magics => magics;
        public CancellationToken CancellationToken => default;
    }

    private static Morphology Cable(double length = 500) =>
        MorphologyBuilder.FromSegments([new Segment(0, -1, new Point3(0, 0, 0, 0.5), new Point3(length, 0, 0, 0.5), 3)], "cable");

    private static CellDescription HhCable() =>
        new(new MorphologyShape(Cable(), Discretization.PerBranch(10)),
            Decor.Empty.With(Region.All, new AxialResistivity(100)).With(Region.All, new InitialVoltage(-65))
                .With(Region.All, MechanismCatalogue.Get("hh"), ("gnabar", 0.12)));

    private static string Html(MimeBundle b) => (string)b[MimeBundle.Html];

    private static async Task<(List<MimeBundle> Shown, Context Context)> RunMagic(string cell, params VariableInfo[] variables)
    {
        var publisher = new FormatterTests.RecordingPublisher();
        Display.Publisher = publisher;
        try
        {
            var registry = MagicRegistry.CreateDefault();
            var context = new Context(registry) { Variables = variables };
            await registry.RunAsync(cell, context, _ => Task.CompletedTask);
            return ([.. publisher.Events.Select(p => p.Data)], context);
        }
        finally
        {
            Display.Publisher = null;
        }
    }

    [Fact]
    public void Format_Cell_HtmlHasDrawingAndTables()
    {
        var bundle = Formatter.Format(HhCable());
        var html = Html(bundle);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("hh", html, StringComparison.Ordinal);
        Assert.Contains("gnabar = 0.12 S/cm2", html, StringComparison.Ordinal);
        Assert.Contains("100 Ω", html, StringComparison.Ordinal);
        Assert.StartsWith("Cell: cable", (string)bundle[MimeBundle.PlainText], StringComparison.Ordinal);
    }

    [Fact]
    public void Drawing_Morphology_WidthFollowsRadiusAndAxesAreEqual()
    {
        var thin = MorphologyView.Drawing(Cable());
        var thick = MorphologyView.Drawing(MorphologyBuilder.FromSegments(
            [new Segment(0, -1, new Point3(0, 0, 0, 20), new Point3(500, 0, 0, 20), 3)], "thick"));
        var w = (ScatterTrace t) => t.Line.Width;
        Assert.True(w((ScatterTrace)thick.Traces[0]) > w((ScatterTrace)thin.Traces[0]));
        var axes = thin.Layout.AxesOf(SubplotId.First);
        var plotW = thin.Layout.Width - 64 - 16 - 130.0;
        var plotH = thin.Layout.Height - 72.0;
        Assert.Equal((axes.X.Max!.Value - axes.X.Min!.Value) / plotW, (axes.Y.Max!.Value - axes.Y.Min!.Value) / plotH, 1e-9);
    }

    [Fact]
    public void Format_Mechanism_ListsParametersWithUnitsStatesAndIons()
    {
        var html = Html(Formatter.Format(MechanismCatalogue.Get("hh")));
        Assert.Contains("gnabar", html, StringComparison.Ordinal);
        Assert.Contains("S/cm2", html, StringComparison.Ordinal);
        Assert.Contains("<td>m</td>", html, StringComparison.Ordinal);
        Assert.Contains("ena", html, StringComparison.Ordinal);
        Assert.Contains("class Kernel_hh_", MechanismCatalogue.Get("hh").Source().Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_SimulationResult_TracesPerProbeAndLane_HeatmapForManyProbes()
    {
        var cell = HhCable();
        var lanes = new[] { 0.1, 0.3 }.Select(a => Lane.With(new CurrentClamp("ic", Location.OnBranch(0, 0), new StepWaveform(1, 5, a)))).ToList();
        var few = Simulator.Run(cell, new SimulationSettings(5, 0.05, TimeScheme.BackwardEuler,
            [Probe.Voltage("a", Location.OnBranch(0, 0.1)), Probe.Voltage("b", Location.OnBranch(0, 0.9))]), lanes);
        var plotly = (JsonObject)Formatter.Format(few)[PlotlyJson.MimeType];
        Assert.Equal(4, plotly["data"]!.AsArray().Count);

        Probe[] many = [.. Enumerable.Range(0, 11).Select(i => Probe.Voltage($"x{i}", Location.OnBranch(0, i / 10.0)))];
        var wave = Simulator.Run(cell, new SimulationSettings(5, 0.05, TimeScheme.BackwardEuler, [.. many]), lanes);
        var heat = (JsonObject)Formatter.Format(wave)[PlotlyJson.MimeType];
        Assert.Equal("heatmap", (string?)heat["data"]![0]!["type"]);
    }

    [Fact]
    public void RunMonitor_Reports_UpdateOneDisplayInPlace()
    {
        var publisher = new FormatterTests.RecordingPublisher();
        Display.Publisher = publisher;
        var interval = RunMonitor.MinInterval;
        RunMonitor.MinInterval = TimeSpan.Zero;
        try
        {
            using (var monitor = RunMonitor.Start("fit", ["a", "b"]))
            {
                for (var i = 0; i < 5; i++)
                    monitor.Report(new RunRecord(i, Math.Exp(-i), [i, 2.0 * i], 1.0 / (i + 1), 1.0 / (i + 2), i + 1, i + 1, 0.1 * i));
            }
            Assert.Single(publisher.Events, p => !p.Update);
            Assert.All(publisher.Events, p => Assert.Equal(publisher.Events[0].DisplayId, p.DisplayId));
            var last = publisher.Events[^1].Data;
            Assert.Contains("(done)", (string)last[MimeBundle.PlainText], StringComparison.Ordinal);
            var names = ((JsonObject)last[PlotlyJson.MimeType])["data"]!.AsArray().Select(t => (string?)t!["name"]).ToList();
            Assert.Contains("loss", names);
            Assert.Contains("‖x − x*‖", names);
            Assert.Contains("b", names);
        }
        finally
        {
            RunMonitor.MinInterval = interval;
            Display.Publisher = null;
        }
    }

    [Fact]
    public async Task MechanismMagic_ValidNmodl_RegistersAndShows()
    {
        var (shown, context) = await RunMagic("#!mechanism\nNEURON { SUFFIX leak_t NONSPECIFIC_CURRENT i RANGE g, e }\n"
            + "PARAMETER { g = 0.0001 (S/cm2) e = -70 (mV) }\nASSIGNED { v (mV) i (mA/cm2) }\nBREAKPOINT { i = g*(v - e) }\n");
        Assert.Equal("leak_t", MechanismCatalogue.Get("leak_t").Name);
        Assert.Contains("Registered mechanism 'leak_t'", context.Writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("Mechanism leak_t", (string)Assert.Single(shown)[MimeBundle.PlainText], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MechanismMagic_BadNmodl_ErrorHasFileLineColumn()
    {
        var e = await Assert.ThrowsAsync<MagicException>(() => RunMagic("#!mechanism --file bad.mod\nNEURON { SUFFIX x }\nKINETIC k { }\n"));
        Assert.Matches(@"bad\.mod:3:\d+", e.Message);
    }

    [Fact]
    public async Task NeuronMagic_SwcAndCatalogueName_ShowDrawingAndTables()
    {
        var swc = Path.GetTempFileName() + ".swc";
        File.WriteAllText(swc, "1 1 0 0 0 5 -1\n2 1 10 0 0 5 1\n3 3 10 50 0 1 2\n4 3 10 100 0 0.5 3\n");
        try
        {
            var (shown, _) = await RunMagic($"#!neuron {swc}");
            Assert.Equal(2, shown.Count);
            Assert.True(shown[0].ContainsKey(PlotlyJson.MimeType));
            Assert.Contains("Branches", Html(shown[1]), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(swc);
        }
        var (hh, _) = await RunMagic("#!neuron pas --source");
        Assert.Contains("Generated kernel", Html(Assert.Single(hh)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#!neuron nosuch", "No mechanism 'nosuch'")]
    [InlineData("#!neuron missing.swc", "file not found")]
    [InlineData("#!simulate --cell nothing", "no variable 'nothing'")]
    [InlineData("#!simulate --cell cell --probe elbow", "not a location")]
    [InlineData("#!simulate --cell cell --stim abc", "not a number")]
    [InlineData("#!simulate --cell cell --dt -1", "must be positive")]
    [InlineData("#!simulate --cell missing-cell.json", "no cell file 'missing-cell.json'")]
    [InlineData("#!simulate --cell cell.json --stim 0.1", "a cell file brings its own stimuli")]
    [InlineData("#!simulate --cell cell --scheme rk4", "expected one of backwardeuler, cranknicolson")]
    [InlineData("#!backend cuda", "cannot be used here")]
    public async Task Magics_BadInput_ClearErrorWithoutStackTrace(string line, string message)
    {
        var e = await Assert.ThrowsAsync<MagicException>(() => RunMagic(line, new VariableInfo("cell", typeof(CellDescription), HhCable())));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulateMagic_CellVariable_ShowsTracesPerLane()
    {
        var (shown, context) = await RunMagic("#!simulate --cell cell --tstop 5 --dt 0.05 --probe soma,0:1 --stim 0.1,0.2,0",
            new VariableInfo("cell", typeof(CellDescription), HhCable()));
        var plotly = (JsonObject)Assert.Single(shown)[PlotlyJson.MimeType];
        Assert.Equal(6, plotly["data"]!.AsArray().Count);
        Assert.Contains("3 lanes", context.Writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendMagic_List_SaysWhichBackEndsCanRun()
    {
        var (shown, _) = await RunMagic("#!backend");
        var text = (string)Assert.Single(shown)[MimeBundle.PlainText];
        Assert.Contains("cpu      available", text, StringComparison.Ordinal);
        Assert.Contains("cuda     unavailable", text, StringComparison.Ordinal); // no NVIDIA driver on the test machines
        Assert.Contains("opencl", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulateMagic_CellFile_RunsItsStimuliAndProbes_AndOptionsOverride()
    {
        var dir = Directory.CreateTempSubdirectory("neuronlab-cellfile-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "axon.swc"), "1 1 0 0 0 10 -1\n2 1 20 0 0 10 1\n3 2 40 0 0 0.5 2\n4 2 400 0 0 0.5 3\n");
            File.WriteAllText(Path.Combine(dir, "axon.json"), """
                {
                  "format": "neuronlab-cell/1", "name": "axon",
                  "morphology": { "swc": "axon.swc" }, "discretization": { "policy": "per-segment" },
                  "mechanisms": [ { "name": "hh", "region": "all" } ],
                  "stimuli": [ { "name": "step", "location": { "branch": 0, "x": 0.5 },
                                 "waveform": { "kind": "step", "start": 1, "duration": 5, "amplitude": 0.5 } } ],
                  "probes": [ { "name": "soma", "location": { "branch": 0, "x": 0.5 }, "quantity": "v" },
                              { "name": "end", "location": { "branch": 1, "x": 0.95 }, "quantity": "v" } ],
                  "simulation": { "tstop": 50, "dt": 0.025, "scheme": "backward-euler" }
                }
                """);
            var path = Path.Combine(dir, "axon.json");
            var (shown, context) = await RunMagic($"#!simulate --cell {path} --tstop 10");
            var plotly = (JsonObject)Assert.Single(shown)[PlotlyJson.MimeType];
            var traces = plotly["data"]!.AsArray();
            Assert.Equal(2, traces.Count); // the file's two probes, one lane
            var x = traces[0]!["x"]!.AsArray();
            Assert.Equal(10.0, x[^1]!.GetValue<double>(), 6); // --tstop overrode the file's 50 ms
            Assert.True(traces[0]!["y"]!.AsArray().Max(v => v!.GetValue<double>()) > 0, "the file's 0.5 nA step should make the soma spike");
            Assert.Contains("cell file axon", context.Writer.ToString(), StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(dir, "bad.json"), """{ "format": "neuronlab-cell/1", "name": "bad", "morphology": { "swc": "axon.swc" }, "simulation": { "tstop": -5 } }""");
            var error = await Assert.ThrowsAsync<MagicException>(() => RunMagic($"#!simulate --cell {Path.Combine(dir, "bad.json")}"));
            Assert.Contains("bad.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task SimulateMagic_NetworkFile_ShowsEveryCellAndARaster()
    {
        var dir = Directory.CreateTempSubdirectory("neuronlab-network-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "cell.json"), """
                {"morphology": {"compartments": [{"id": 0, "parent": -1, "area": 1000}]},
                 "mechanisms": [{"name": "hh"}],
                 "stimuli": [{"name": "s", "location": {"compartment": 0}, "waveform": {"kind": "step", "start": 1, "duration": 20, "amplitude": 0.5}}],
                 "probes": [{"name": "v", "location": {"compartment": 0}}],
                 "simulation": {"tstop": 30, "dt": 0.025}}
                """);
            File.WriteAllText(Path.Combine(dir, "net.json"), """
                {"format": "neuronlab-network/1", "name": "pair", "cell": "cell.json", "cells": 2, "stimulated": [0],
                 "synapses": [{"name": "syn", "location": {"compartment": 0}}],
                 "detectors": [{"name": "d", "location": {"compartment": 0}}],
                 "connections": [{"source": 0, "detector": "d", "target": 1, "synapse": "syn", "weight": 0.05, "delay": 1}]}
                """);
            var (shown, context) = await RunMagic($"#!simulate --cell {Path.Combine(dir, "net.json")}");
            Assert.Equal(2, shown.Count); // the traces and the raster
            Assert.Equal(2, ((JsonObject)shown[0][PlotlyJson.MimeType])["data"]!.AsArray().Count); // probe v on both cells
            var raster = ((JsonObject)shown[1][PlotlyJson.MimeType])["data"]!.AsArray();
            var cells = raster[0]!["y"]!.AsArray().Select(y => y!.GetValue<double>()).ToHashSet();
            Assert.Equal([0.0, 1.0], cells.Order()); // cell 1 fires only through the synapse
            Assert.Contains("network pair: 2 cells, 1 connections", context.Writer.ToString(), StringComparison.Ordinal);

            var error = await Assert.ThrowsAsync<MagicException>(() => RunMagic($"#!simulate --cell {Path.Combine(dir, "net.json")} --tstop 5"));
            Assert.Contains("network file", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
