namespace NeuronLab.Interactive;

/// <summary>
/// Finds the shared data folder (<c>shared/data</c>, beside the repository) from a notebook, whose working directory
/// is the notebook's folder: <c>$NEURONLAB_SHARED/data</c> if set, else the first <c>shared/data</c> found walking up from
/// the current directory (<c>./shared</c> or, next to a folder holding <c>NeuronLab.sln</c>, <c>../shared</c>).
/// </summary>
public static class SharedData
{
    /// <summary>The full path of a file under the shared data folder, e.g. <c>SharedData.Path("gradient-diffusion", "C4A.swc")</c>.</summary>
    /// <exception cref="FileNotFoundException">The folder or the file is missing; the message says where it looked.</exception>
    public static string Path(params string[] parts)
    {
        var root = Root() ?? throw new FileNotFoundException(
            $"The shared data folder was not found from {Environment.CurrentDirectory}: expected shared/data beside the repository, or set NEURONLAB_SHARED.");
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine([root, .. parts]));
        return File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"Data file not found: {path} (see shared/data/PROVENANCE.md).", path);
    }

    /// <summary>The <c>shared/data</c> folder, or null when it cannot be found.</summary>
    public static string? Root()
    {
        var env = Environment.GetEnvironmentVariable("NEURONLAB_SHARED");
        if (!string.IsNullOrEmpty(env))
            return System.IO.Path.Combine(env, "data");
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var inside = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(inside))
                return inside;
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NeuronLab.sln")))
            {
                var beside = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data"));
                if (Directory.Exists(beside))
                    return beside;
            }
        }
        return null;
    }
}
