using System.Text.Json;
using NeuronLab.Experiments.GradientDiffusion;

namespace NeuronLab.Experiments.Tests.GradientDiffusion;

/// <summary>Runs the quick Gradient Diffusion experiments and checks that every claim passes and every file is written.</summary>
public sealed class GradientDiffusionExperimentTests
{
    [Fact]
    public void GdFig1_Quick_AllClaimsPass() =>
        RunQuick(new GdFig1Experiment(), ["gd-fig1.ap-reaches-distal", "gd-fig1.ap-delay", "gd-fig1.dvdw-vs-fd"],
            ["fig1b.svg", "fig1b.html", "fig1c.svg", "fig1c.html", "fig1b_voltage.csv", "fig1c_dvdw.csv", "fig1c_dstate_dw.csv"]);

    [Fact]
    public void GdFig2_Quick_AllClaimsPass() =>
        RunQuick(new GdFig2Experiment(), ["gd-fig2.sto-frequency", "gd-fig2.sto-subthreshold", "gd-fig2.sensitivities-finite"],
            ["fig2a.svg", "fig2a.html", "fig2b.svg", "fig2b.html", "fig2c.svg", "fig2c.html", "fig2b_voltage.csv", "fig2c_heatmaps.csv"]);

    [Fact]
    [Trait("Category", "Slow")]
    public void GdFig2f_Quick_AllClaimsPass() =>
        RunQuick(new GdFig2fExperiment(), ["gd-fig2f.forward-linear", "gd-fig2f.reverse-flat"], ["fig2f.svg", "fig2f.html", "fig2f_runtime.csv"]);

    private static void RunQuick(IExperiment experiment, string[] claimIds, string[] files)
    {
        var outDir = Directory.CreateTempSubdirectory("neuronlab-gd-").FullName;
        try
        {
            var log = new StringWriter();
            var code = ExperimentRunner.Run(experiment, outDir, quick: true, threads: 2, seed: 1, CancellationToken.None, log);
            var dir = Path.Combine(outDir, experiment.Name);
            var summaryPath = Path.Combine(dir, "summary.json");
            Assert.True(File.Exists(summaryPath), log.ToString());
            using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
            var claims = summary.RootElement.GetProperty("claims").EnumerateArray().ToList();
            Assert.Equal(claimIds, claims.Select(c => c.GetProperty("id").GetString()));
            var failed = claims.Where(c => !c.GetProperty("pass").GetBoolean())
                .Select(c => c.GetProperty("id").GetString() + ": " + c.GetProperty("measured").GetString()).ToList();
            Assert.True(failed.Count == 0, "Failed claims:\n" + string.Join("\n", failed) + "\n" + log);
            Assert.Equal(ExperimentRunner.Success, code);
            foreach (var file in files.Append("report.md"))
                Assert.True(File.Exists(Path.Combine(dir, file)), $"{experiment.Name} did not write {file}.");
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
