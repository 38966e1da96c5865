namespace NeuronLab.Experiments;

/// <summary>What every experiment gets: size, output folder, threads, seed, cancellation and a log.</summary>
/// <param name="Quick">The CI size (minutes) instead of the paper's.</param>
/// <param name="OutputDirectory">This experiment's folder (<c>OUT/&lt;name&gt;</c>), already created.</param>
public sealed record ExperimentContext(
    bool Quick, string OutputDirectory, int Threads, int Seed, CancellationToken Cancellation, Action<string> Log)
{
    /// <summary>A path inside the output folder.</summary>
    public string PathFor(string fileName) => Path.Combine(OutputDirectory, fileName);

    /// <summary>The shared data folder (<c>../shared/data</c> beside the repository), or <c>$NEURONLAB_SHARED</c>/data.</summary>
    public static string SharedData(params string[] parts)
    {
        var shared = Environment.GetEnvironmentVariable("NEURONLAB_SHARED");
        if (string.IsNullOrEmpty(shared))
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared");
                if (File.Exists(Path.Combine(dir.FullName, "NeuronLab.sln")) && Directory.Exists(Path.Combine(dir.FullName, "..", "shared")))
                {
                    shared = Path.Combine(dir.FullName, "..", "shared");
                    break;
                }
                if (Directory.Exists(Path.Combine(candidate, "data"))) { shared = candidate; break; }
            }
        }
        if (string.IsNullOrEmpty(shared))
            throw new DirectoryNotFoundException("The shared data folder was not found: expected ../shared beside the repository, or set NEURONLAB_SHARED.");
        var path = Path.GetFullPath(Path.Combine([shared, "data", .. parts]));
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"Data file not found: {path}. It ships in the shared/ folder beside the repository (see shared/data/PROVENANCE.md).", path);
        return path;
    }
}
