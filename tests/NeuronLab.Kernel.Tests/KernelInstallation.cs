using System.Diagnostics;
using System.Reflection;
using NeuronLab.Testing;

namespace NeuronLab.Kernel.Tests;

/// <summary>
/// Installs the kernelspec once per test run into a temporary prefix with the real install command
/// (<c>NeuronLab.Kernel install --prefix DIR</c>); clients find it through <c>JUPYTER_PATH</c>, so nothing is written
/// into the user's home.
/// </summary>
internal static class KernelInstallation
{
    private static readonly Lazy<string> s_jupyterPath = new(Install);

    public const string Python = "/usr/bin/python3";

    /// <summary>The folder to put in JUPYTER_PATH (it holds kernels/neuronlab).</summary>
    public static string JupyterPath => s_jupyterPath.Value;

    /// <summary>The kernel build output that the tests run.</summary>
    public static string KernelDll
    {
        get
        {
            var configuration = typeof(KernelInstallation).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .First(a => a.Key == "Configuration").Value!;
            var dll = Path.Combine(RepoPaths.Root, "extension", "NeuronLab.Kernel", "bin", configuration, "net10.0", "NeuronLab.Kernel.dll");
            Assert.True(File.Exists(dll), $"Kernel not built: {dll}");
            return dll;
        }
    }

    private static string Install()
    {
        var prefix = Path.Combine(Path.GetTempPath(), "neuronlab-kernel-tests-" + Environment.ProcessId);
        var (code, output) = Run("dotnet", [KernelDll, "install", "--prefix", prefix], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, "install failed:\n" + output);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(prefix, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return Path.Combine(prefix, "share", "jupyter");
    }

    /// <summary>Runs a process to completion (killed after <paramref name="timeout"/>); returns exit code and stdout+stderr.</summary>
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, TimeSpan timeout,
        string? workingDirectory = null, IDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        info.Environment["PYDEVD_DISABLE_FILE_VALIDATION"] = "1";
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
            info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"TIMED OUT after {timeout}\n{stdout.Result}\n{stderr.Result}");
            }
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }
}
