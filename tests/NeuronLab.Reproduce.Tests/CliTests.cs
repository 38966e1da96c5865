using NeuronLab.Reproduce;

namespace NeuronLab.Reproduce.Tests;

public sealed class CliTests
{
    [Fact]
    public void List_NamesEveryExperiment()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, Cli.Run(["list"]));
        }
        finally
        {
            Console.SetOut(previous);
        }
        Assert.Contains("validate-neuron", output.ToString());
    }

    [Fact]
    public void Run_UnknownExperiment_ExitsWithUsageError()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(Cli.UsageError, Cli.Run(["run", "no-such-figure"]));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("validate-neuron", error.ToString());
    }
}

public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neuronlab-simulate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int Code, string Out, string Error) Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (Cli.Run(args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }

    private string WriteCell(string body)
    {
        var path = Path.Combine(_folder, "cell.json");
        File.WriteAllText(path, body);
        return path;
    }

    private const string Cell = """
        {"morphology": {"compartments": [{"id": 0, "parent": -1, "area": 1000}]},
         "mechanisms": [{"name": "hh"}],
         "stimuli": [{"name": "s", "location": {"compartment": 0}, "waveform": {"kind": "step", "start": 1, "duration": 5, "amplitude": 0.1}}],
         "probes": [{"name": "v", "location": {"compartment": 0}, "period": 0.5}, {"name": "m", "location": {"compartment": 0}, "quantity": {"mechanism": "hh", "state": "m"}, "period": 0.5}],
         "simulation": {"tstop": 10, "dt": 0.025}}
        """;

    [Fact]
    public void Simulate_ValidFile_WritesTracesCsv()
    {
        var outDir = Path.Combine(_folder, "out");
        var (code, _, error) = Run("simulate", WriteCell(Cell), "--out", outDir);
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(Path.Combine(outDir, "traces.csv"));
        Assert.Equal("t,v,m", lines[0]);
        Assert.Equal(1 + 21, lines.Length);
        Assert.StartsWith("0,-65,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("0.5,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_WithSensitivities_WritesDerivativesThatMatchFiniteDifferences()
    {
        // A named parameter (the stimulus gain w); dV/dw from the forward mode vs a central difference of two runs.
        var cell = Cell.Replace("\"probes\":", "\"parameters\": [{\"name\": \"w\", \"unit\": \"1\", \"default\": 1, \"targets\": [{\"kind\": \"stimulus-gain\", \"stimulus\": \"s\"}]}],\n \"probes\":");
        var outDir = Path.Combine(_folder, "out");
        var (code, _, error) = Run("simulate", WriteCell(cell), "--out", outDir, "--sensitivities", "w");
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(Path.Combine(outDir, "sensitivities.csv"));
        Assert.Equal("t,dv/dw,dm/dw", lines[0]);
        Assert.Equal(1 + 21, lines.Length);
        var dvdw = lines.Skip(1).Select(l => double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        const double h = 1e-4;
        double[] Trace(double w)
        {
            var dir = Path.Combine(_folder, $"w{w}");
            Assert.Equal(0, Run("simulate", WriteCell(cell.Replace("\"default\": 1", $"\"default\": {w.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}")), "--out", dir).Code);
            return [.. File.ReadAllLines(Path.Combine(dir, "traces.csv")).Skip(1).Select(l => double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture))];
        }
        var (plus, minus) = (Trace(1 + h), Trace(1 - h));
        for (var k = 0; k < dvdw.Length; k++)
            Assert.True(Math.Abs((plus[k] - minus[k]) / (2 * h) - dvdw[k]) <= 1e-5 * (1 + Math.Abs(dvdw[k])), $"sample {k}: {dvdw[k]} vs {(plus[k] - minus[k]) / (2 * h)}");
        Assert.True(dvdw.Max() > 1, "the stimulus should depolarise: dV/dw well above 0 during the step");
    }

    [Fact]
    public void Simulate_UnknownSensitivityParameter_ExitsWithErrorNamingIt()
    {
        var (code, _, error) = Run("simulate", WriteCell(Cell), "--out", Path.Combine(_folder, "out"), "--sensitivities", "gbar");
        Assert.Equal(1, code);
        Assert.Contains("gbar", error);
    }

    [Fact]
    public void Simulate_DifferentPeriods_WritesOneFilePerPeriod()
    {
        var outDir = Path.Combine(_folder, "out");
        var (code, _, error) = Run("simulate", WriteCell(Cell.Replace("\"quantity\": {\"mechanism\": \"hh\", \"state\": \"m\"}, \"period\": 0.5", "\"quantity\": {\"mechanism\": \"hh\", \"state\": \"m\"}, \"period\": 1")), "--out", outDir);
        Assert.True(code == 0, error);
        Assert.Equal(["traces-0.5ms.csv", "traces-1ms.csv"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
        Assert.Equal(1 + 11, File.ReadAllLines(Path.Combine(outDir, "traces-1ms.csv")).Length);
    }

    [Fact]
    public void Simulate_InvalidFile_ExitsWithErrorNamingThePath()
    {
        var (code, _, error) = Run("simulate", WriteCell(Cell.Replace("\"dt\": 0.025", "\"dt\": \"small\"")), "--out", Path.Combine(_folder, "out"));
        Assert.Equal(1, code);
        Assert.Contains("cell.json: $.simulation.dt: expected a number, found \"small\"", error);
    }

    [Fact]
    public void Simulate_MissingFileOrOut_ExitsWithUsageError()
    {
        Assert.Equal(Cli.UsageError, Run("simulate", Path.Combine(_folder, "absent.json"), "--out", _folder).Code);
        Assert.Equal(Cli.UsageError, Run("simulate", WriteCell(Cell)).Code);
    }

    [Fact]
    public void Simulate_NetworkFile_WritesEveryCellAndTheSpikes()
    {
        // Two one-compartment HH cells: cell 0 is driven, cell 1 fires only through the synapse.
        WriteCell(Cell.Replace("\"amplitude\": 0.1", "\"amplitude\": 0.5"));
        var network = Path.Combine(_folder, "net.json");
        File.WriteAllText(network, """
            {"format": "neuronlab-network/1", "cell": "cell.json", "cells": 2, "stimulated": [0],
             "synapses": [{"name": "syn", "location": {"compartment": 0}}],
             "detectors": [{"name": "d", "location": {"compartment": 0}}],
             "connections": [{"source": 0, "detector": "d", "target": 1, "synapse": "syn", "weight": 0.05, "delay": 1}]}
            """);
        var outDir = Path.Combine(_folder, "out");
        var (code, _, error) = Run("simulate", network, "--out", outDir);
        Assert.True(code == 0, error);
        Assert.Equal("t,0.v,0.m,1.v,1.m", File.ReadLines(Path.Combine(outDir, "traces.csv")).First());
        var spikes = File.ReadAllLines(Path.Combine(outDir, "spikes.csv"));
        Assert.Equal("detector,cell,t", spikes[0]);
        Assert.Contains(spikes, l => l.StartsWith("d,0,", StringComparison.Ordinal));
        Assert.Contains(spikes, l => l.StartsWith("d,1,", StringComparison.Ordinal));

        var (badCode, _, badError) = Run("simulate", network, "--out", outDir, "--sensitivities", "x");
        Assert.Equal(1, badCode);
        Assert.Contains("network file", badError);
    }
}
