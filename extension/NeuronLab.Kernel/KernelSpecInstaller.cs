using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuronLab.Kernel;

/// <summary>
/// <c>NeuronLab.Kernel install [--user | --prefix DIR] [--name NAME]</c>: writes the kernelspec
/// <c>&lt;data dir&gt;/kernels/neuronlab/</c> with kernel.json and a copy of this build output, so the installed
/// kernel does not depend on the source tree. <c>--user</c> (the default) uses JUPYTER_DATA_DIR or the platform's
/// user data dir (~/.local/share/jupyter on Linux); <c>--prefix DIR</c> uses DIR/share/jupyter (find it with
/// JUPYTER_PATH=DIR/share/jupyter).
/// </summary>
internal static class KernelSpecInstaller
{
    public const string DefaultName = "neuronlab";
    public const string DisplayName = "C# (NeuronLab)";

    public static int Run(string[] args)
    {
        string? prefix = null;
        var name = DefaultName;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--user":
                    prefix = null;
                    break;
                case "--prefix" when i + 1 < args.Length:
                    prefix = args[++i];
                    break;
                case "--name" when i + 1 < args.Length:
                    name = args[++i];
                    break;
                default:
                    Console.Error.WriteLine($"install: unexpected argument '{args[i]}'.\nusage: NeuronLab.Kernel install [--user | --prefix DIR] [--name NAME]");
                    return 2;
            }
        }
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            Console.Error.WriteLine($"install: kernel name '{name}' may contain only letters, digits, '.', '_' and '-'.");
            return 2;
        }
        var dataDir = prefix is null ? UserDataDir() : Path.Combine(Path.GetFullPath(prefix), "share", "jupyter");
        var target = Install(Path.Combine(dataDir, "kernels", name));
        Console.WriteLine($"Installed kernelspec '{name}' (\"{DisplayName}\") in {target}");
        if (prefix is not null)
            Console.WriteLine($"Jupyter finds it with: export JUPYTER_PATH={dataDir}");
        return 0;
    }

    /// <summary>Writes the kernelspec into <paramref name="target"/> (replacing it) and returns its full path.</summary>
    public static string Install(string target)
    {
        target = Path.GetFullPath(target);
        var source = Path.GetFullPath(AppContext.BaseDirectory);
        if (!PathsEqual(source, target))
        {
            if (Directory.Exists(target))
                Directory.Delete(target, recursive: true);
            CopyDirectory(source, target);
        }
        var spec = new JsonObject
        {
            ["argv"] = new JsonArray("dotnet", "{resource_dir}/NeuronLab.Kernel.dll", "-f", "{connection_file}"),
            ["display_name"] = DisplayName,
            ["language"] = "C#",
            ["interrupt_mode"] = "message",
            ["env"] = new JsonObject { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
            ["metadata"] = new JsonObject(),
        };
        File.WriteAllText(Path.Combine(target, "kernel.json"), spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return target;
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    private static string UserDataDir()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } d)
            return d;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
        if (OperatingSystem.IsMacOS())
            return Path.Combine(home, "Library", "Jupyter");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "jupyter");
    }
}
