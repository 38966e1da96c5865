using System.Text.Json;

namespace NeuronLab.Experiments.Tests;

/// <summary>Runs an experiment at its quick size into a temporary folder and checks its claims and files.</summary>
internal static class QuickExperiment
{
    /// <param name="timingClaims">All claims are about run time: measured and written, not required to pass on a shared machine.</param>
    /// <param name="timingClaimIds">Only these claims are about run time; every other claim must pass.</param>
    public static void Run(IExperiment experiment, string[] claimIds, string[] files, bool timingClaims = false, string[]? timingClaimIds = null)
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
            Assert.All(claims, c => Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("measured").GetString())));
            if (!timingClaims)
            {
                var failed = claims.Where(c => !c.GetProperty("pass").GetBoolean() && timingClaimIds?.Contains(c.GetProperty("id").GetString()) != true)
                    .Select(c => c.GetProperty("id").GetString() + ": " + c.GetProperty("measured").GetString()).ToList();
                Assert.True(failed.Count == 0, "Failed claims:\n" + string.Join("\n", failed) + "\n" + log);
                if (timingClaimIds is null) Assert.Equal(ExperimentRunner.Success, code);
                else Assert.Contains(code, new[] { ExperimentRunner.Success, ExperimentRunner.ClaimFailed });
            }
            else
            {
                Assert.Contains(code, new[] { ExperimentRunner.Success, ExperimentRunner.ClaimFailed });
            }
            foreach (var file in files.Append("report.md"))
                Assert.True(File.Exists(Path.Combine(dir, file)), $"{experiment.Name} did not write {file}.");
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
