namespace NeuronLab.Testing;

/// <summary>Locates the repository root and the <c>../shared</c> folder beside it, from any test's working directory.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder that holds <c>NeuronLab.sln</c>.</summary>
    public static string Root => s_root.Value;

    /// <summary>The <c>shared/</c> folder beside the repository root (DESIGN.md, reference specs, data).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>A path inside <c>../shared/data</c>.</summary>
    public static string SharedData(params string[] parts) => Path.Combine([Shared, "data", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeuronLab.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"NeuronLab.sln not found above {AppContext.BaseDirectory}.");
    }
}
