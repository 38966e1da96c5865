using NeuronLab.Simulation.CellFiles;

namespace NeuronLab.Simulation.Tests.CellFiles;

public sealed class NetworkFileReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neuronlab-network-").FullName;

    public NetworkFileReaderTests()
    {
        File.WriteAllText(Path.Combine(_folder, "cell.swc"), "1 1 0 0 0 10 -1\n2 1 20 0 0 10 1\n3 2 20 -40 0 0.5 2\n");
        File.WriteAllText(Path.Combine(_folder, "cell.json"), """
            {"format": "neuronlab-cell/1", "morphology": {"swc": "cell.swc"}, "discretization": {"policy": "per-segment"},
             "mechanisms": [{"name": "hh", "region": "all"}],
             "stimuli": [{"name": "step", "location": {"branch": 0, "x": 0.5}, "waveform": {"kind": "step", "start": 1, "duration": 20, "amplitude": 0.5}}],
             "probes": [{"name": "soma", "location": {"branch": 0, "x": 0.5}, "quantity": "v"}],
             "simulation": {"tstop": 30, "dt": 0.025}}
            """);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Valid = """
        {"format": "neuronlab-network/1", "cell": "cell.json", "cells": 2, "stimulated": [0],
         "synapses": [{"name": "syn", "location": {"branch": 0, "x": 0.5}, "tau": 2, "e": 0}],
         "detectors": [{"name": "spike", "location": {"branch": 1, "x": 1}, "threshold": -10}],
         "connections": [{"source": 0, "detector": "spike", "target": 1, "synapse": "syn", "weight": 0.05, "delay": 2}]}
        """;

    private NetworkFile Read(string json)
    {
        var path = Path.Combine(_folder, "net.json");
        File.WriteAllText(path, json);
        return NetworkFileReader.Read(path);
    }

    [Fact]
    public void Read_Valid_StimulatesListedCellsAndRuns()
    {
        var file = Read(Valid);
        Assert.Equal(2, file.Lanes.Length);
        Assert.Single(file.Lanes[0].Stimuli);
        Assert.Empty(file.Lanes[1].Stimuli);
        var result = file.Run();
        Assert.NotEmpty(result.Spikes("spike", 0));
        Assert.NotEmpty(result.Spikes("spike", 1)); // only through the synapse
    }

    [Theory]
    [InlineData("\"cells\": 2", "\"cells\": 0", "$.cells")]
    [InlineData("\"stimulated\": [0]", "\"stimulated\": [5]", "$.stimulated[0]: cell 5 does not exist")]
    [InlineData("\"synapse\": \"syn\"", "\"synapse\": \"gaba\"", "$.connections[0]: No synapse 'gaba'")]
    [InlineData("\"target\": 1", "\"target\": 3", "$.connections[0]: Connection 0 (0.spike → 3.syn): target lane 3")]
    [InlineData("\"tau\": 2", "\"tau\": -1", "$.synapses[0].tau")]
    [InlineData("{\"branch\": 1, \"x\": 1}", "{\"branch\": 4, \"x\": 1}", "$.detectors[0].location: Branch 4 does not exist")]
    [InlineData("\"delay\": 2", "\"delay\": 2, \"plasticity\": 1", "$.connections[0]: unknown property \"plasticity\"")]
    public void Read_Invalid_NamesThePathAndTheValue(string find, string replace, string expected)
    {
        Assert.Contains(find, Valid);
        var e = Assert.Throws<CellFileException>(() => Read(Valid.Replace(find, replace)));
        Assert.Contains(expected, e.Message);
        Assert.Contains("net.json", e.Message);
    }
}
