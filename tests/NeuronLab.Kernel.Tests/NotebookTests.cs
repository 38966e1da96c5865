using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace NeuronLab.Kernel.Tests;

/// <summary>
/// Every notebook in <c>notebooks/</c> runs headless without a cell error, and each cell whose metadata has
/// <c>neuronlab.expect</c> (<c>min_traces</c>, <c>trace_names</c>, <c>trace_types</c>) produced a plotly figure with
/// those traces.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class NotebookTests(ITestOutputHelper output)
{
    /// <summary>Notebooks whose quick experiment takes minutes (gd-fig2f and jk-fig4: about 150 s each on 2 cores, and
    /// neither experiment has a smaller configuration): <see cref="SlowNotebookTests"/> runs them, trait <c>Slow</c>.</summary>
    public static IReadOnlySet<string> Slow { get; } = new HashSet<string> { "gd-fig2f.ipynb", "gd-fig2-fit.ipynb", "jk-fig4.ipynb" };

    public static TheoryData<string> Notebooks => [.. ExecutedNotebooks.Names.Where(n => !Slow.Contains(n))];

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Execute_Notebook_NoErrorsAndFiguresHaveExpectedTraces(string name) => Check(name, output);

    /// <summary>Executes <paramref name="name"/> (once per run) and checks its outputs.</summary>
    internal static void Check(string name, ITestOutputHelper output)
    {
        var executed = ExecutedNotebooks.Get(name);
        output.WriteLine($"{name}: executed in {executed.Seconds:F1} s");
        var cells = executed.Notebook["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").ToList();
        Assert.NotEmpty(cells);
        var checkedFigures = 0;
        foreach (var (cell, index) in cells.Select((c, i) => (c!, i)))
        {
            var source = ExecutedNotebooks.Text(cell["source"]);
            var outputs = cell["outputs"]!.AsArray();
            var error = outputs.FirstOrDefault(o => (string?)o!["output_type"] == "error");
            Assert.True(error is null, $"{name}, code cell {index} ({Head(source)}) raised {error?["ename"]}: {error?["evalue"]}");
            if (cell["metadata"]?["neuronlab"]?["expect"] is not JsonObject expect)
                continue;
            var figures = outputs.Select(o => o!["data"]?["application/vnd.plotly.v1+json"]).OfType<JsonObject>().ToList();
            Assert.True(figures.Count > 0, $"{name}, code cell {index} ({Head(source)}): no application/vnd.plotly.v1+json output.");
            var traces = figures.SelectMany(f => f["data"]!.AsArray()).ToList();
            var names = traces.Select(t => (string?)t!["name"]).Where(n => n is not null).ToHashSet();
            if (expect["min_traces"] is JsonValue min)
                Assert.True(traces.Count >= (int)min, $"{name}, code cell {index} ({Head(source)}): {traces.Count} traces, expected at least {(int)min}.");
            foreach (var expected in expect["trace_names"]?.AsArray() ?? [])
                Assert.True(names.Contains((string?)expected), $"{name}, code cell {index} ({Head(source)}): no trace named '{expected}'. Names: {string.Join(", ", names)}.");
            foreach (var type in expect["trace_types"]?.AsArray() ?? [])
                Assert.Contains(traces, t => (string?)t!["type"] == (string?)type);
            // Every trace has data: a figure of empty traces is as bad as no figure.
            Assert.All(traces, t => Assert.True(t!["y"] is JsonArray { Count: > 0 } || t["z"] is JsonArray { Count: > 0 },
                $"{name}, code cell {index}: trace '{t["name"]}' is empty."));
            checkedFigures++;
        }
        output.WriteLine($"{name}: {cells.Count} code cells, {checkedFigures} figures checked");
    }

    private static string Head(string source) => source.Split('\n')[0].Trim();
}

/// <summary>The notebooks of <see cref="NotebookTests.Slow"/>: same checks, trait <c>Slow</c> (about 3 minutes each).</summary>
[Trait("Category", "Kernel")]
[Trait("Category", "Slow")]
public sealed class SlowNotebookTests(ITestOutputHelper output)
{
    public static TheoryData<string> Notebooks => [.. ExecutedNotebooks.Names.Where(NotebookTests.Slow.Contains)];

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Execute_SlowNotebook_NoErrorsAndFiguresHaveExpectedTraces(string name) => NotebookTests.Check(name, output);
}
