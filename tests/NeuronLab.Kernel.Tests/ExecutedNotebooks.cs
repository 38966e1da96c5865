using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using NeuronLab.Testing;

namespace NeuronLab.Kernel.Tests;

/// <summary>
/// Executes each notebook of <c>notebooks/</c> once per test run, headless (<c>jupyter nbconvert --execute</c>, i.e.
/// nbclient) against the kernel installed into a temporary prefix. The notebooks are copied into a temporary folder
/// first, so their outputs (<c>out/</c>) never land in the repository; <c>NEURONLAB_SHARED</c> points them at the
/// shared data beside the repository.
/// </summary>
internal static class ExecutedNotebooks
{
    private static readonly ConcurrentDictionary<string, Lazy<Executed>> s_cache = new();
    private static readonly Lazy<string> s_workDir = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("neuronlab-notebooks-").FullName;
        foreach (var file in Directory.GetFiles(Source, "*.ipynb"))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return dir;
    });

    /// <summary>The repository's notebooks folder.</summary>
    public static string Source => Path.Combine(RepoPaths.Root, "notebooks");

    /// <summary>The file names of every notebook (for theories).</summary>
    public static IEnumerable<string> Names => Directory.GetFiles(Source, "*.ipynb").Select(Path.GetFileName).Order()!;

    /// <summary>The folder the notebooks run in.</summary>
    public static string WorkDir => s_workDir.Value;

    /// <summary>The executed notebook (its JSON and the path of the executed file).</summary>
    public sealed record Executed(string Path, JsonNode Notebook, double Seconds);

    public static Executed Get(string name) => s_cache.GetOrAdd(name, n => new Lazy<Executed>(() => Execute(n))).Value;

    private static Executed Execute(string name)
    {
        var input = Path.Combine(WorkDir, name);
        var output = Path.Combine(WorkDir, Path.GetFileNameWithoutExtension(name) + ".executed.ipynb");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, log) = KernelInstallation.Run("/usr/bin/jupyter",
            ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=neuronlab",
             "--ExecutePreprocessor.timeout=600", input, "--output", output],
            TimeSpan.FromSeconds(900), WorkDir, new Dictionary<string, string>
            {
                ["JUPYTER_PATH"] = KernelInstallation.JupyterPath,
                ["NEURONLAB_SHARED"] = RepoPaths.Shared,
            });
        Assert.True(code == 0, $"nbconvert --execute {name} failed:\n{log}");
        return new Executed(output, JsonNode.Parse(File.ReadAllText(output))!, clock.Elapsed.TotalSeconds);
    }

    /// <summary>nbformat stores multi-line text as a string or a list of lines.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue v => (string?)v ?? "",
        _ => "",
    };
}
