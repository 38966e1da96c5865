using System.Text.Json;
using NeuronLab.Experiments;
using NeuronLab.Experiments.Validation;

namespace NeuronLab.Experiments.Tests;

/// <summary>Runs validate-neuron (quick) against the installed NEURON: every claim must pass.</summary>
[Trait("Category", "Neuron")]
public sealed class ValidateNeuronTests
{
    [Fact]
    public void ValidateNeuron_Quick_AllClaimsPassAndSummaryIsComplete()
    {
        var outDir = Directory.CreateTempSubdirectory("neuronlab-validate-").FullName;
        try
        {
            var log = new StringWriter();
            var code = ExperimentRunner.Run(new ValidateNeuronExperiment(), outDir, quick: true, threads: 2, seed: 1, CancellationToken.None, log);
            var summaryPath = Path.Combine(outDir, "validate-neuron", "summary.json");
            Assert.True(File.Exists(summaryPath), log.ToString());
            using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
            var root = summary.RootElement;
            Assert.Equal("validate-neuron", root.GetProperty("experiment").GetString());
            Assert.True(root.GetProperty("quick").GetBoolean());
            var claims = root.GetProperty("claims").EnumerateArray().ToList();
            // (RMS, max, spikes) per probe and scheme: hh-axon, c4a-hh, io-cell, vtrap-ka-axon 3 probes, jk-compartment 1,
            // both schemes; plus a step-for-step claim per probe and scheme except the documented exceptions
            // (c4a-hh and jk-compartment both schemes, vtrap-ka-axon with Crank–Nicolson).
            const int probeRuns = (4 * 3 + 1) * 2;
            const int exempt = 3 * 2 + 1 * 2 + 3;
            // The hh-network case per scheme: (step-for-step, max) for 3 probes × 3 cells, spike times for 2 detectors × 3 cells,
            // and the synaptic-drive claim.
            const int networkClaims = 2 * (2 * 3 * 3 + 2 * 3 + 1);
            Assert.Equal(3 * probeRuns + (probeRuns - exempt) + networkClaims, claims.Count);
            Assert.Contains(claims, c => c.GetProperty("id").GetString() == "hh-network-cn.cell2.axon_end.spike-times");
            var failed = claims.Where(c => !c.GetProperty("pass").GetBoolean()).Select(c => c.GetProperty("id").GetString() + ": " + c.GetProperty("measured").GetString()).ToList();
            Assert.True(failed.Count == 0, "Failed claims:\n" + string.Join("\n", failed) + "\n" + log);
            Assert.Equal(ExperimentRunner.Success, code);
            Assert.True(File.Exists(Path.Combine(outDir, "validate-neuron", "report.md")));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
