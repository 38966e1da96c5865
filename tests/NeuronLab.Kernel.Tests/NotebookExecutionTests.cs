using System.Text.Json.Nodes;

namespace NeuronLab.Kernel.Tests;

/// <summary>Executes a notebook headless with nbconvert (nbclient) and checks the saved outputs.</summary>
[Trait("Category", "Kernel")]
public sealed class NotebookExecutionTests
{
    [Fact]
    public void NbconvertExecute_FigureNotebook_HasPlotlyOutputAndNoErrors()
    {
        var dir = Directory.CreateTempSubdirectory("neuronlab-nb-");
        try
        {
            var input = Path.Combine(AppContext.BaseDirectory, "TestData", "figure.ipynb");
            var output = Path.Combine(dir.FullName, "figure.out.ipynb");
            var (code, log) = KernelInstallation.Run("/usr/bin/jupyter",
                ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=neuronlab",
                 "--ExecutePreprocessor.timeout=60", input, "--output", output],
                TimeSpan.FromSeconds(90), dir.FullName, new Dictionary<string, string> { ["JUPYTER_PATH"] = KernelInstallation.JupyterPath });
            Assert.True(code == 0, "nbconvert failed:\n" + log);

            var notebook = JsonNode.Parse(File.ReadAllText(output))!;
            Assert.Equal("C#", (string?)notebook["metadata"]!["language_info"]!["name"]);
            var outputs = notebook["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code")
                .SelectMany(c => c!["outputs"]!.AsArray()).ToList();
            Assert.DoesNotContain(outputs, o => (string?)o!["output_type"] == "error");
            Assert.Contains(outputs, o => o!["data"]?["application/vnd.plotly.v1+json"] is JsonObject);
            Assert.Contains(outputs, o => (string?)o!["output_type"] == "stream" && Text(o["text"]).Contains("Wall time", StringComparison.Ordinal));
            // The progress display was updated in place: one output, showing 100 %.
            var progress = outputs.Where(o => Text(o!["data"]?["text/plain"]).StartsWith("steps:", StringComparison.Ordinal)).ToList();
            Assert.Single(progress);
            Assert.Contains("100%", Text(progress[0]!["data"]!["text/plain"]), StringComparison.Ordinal);
            Assert.Contains(outputs, o => (string?)o!["output_type"] == "execute_result" && Text(o["data"]?["text/plain"]) == "42");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>nbformat stores multi-line text as a string or a list of lines.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue v => (string?)v ?? "",
        _ => "",
    };
}
