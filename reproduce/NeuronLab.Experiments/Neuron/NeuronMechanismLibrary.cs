using System.Diagnostics;

namespace NeuronLab.Experiments.Neuron;

/// <summary>
/// Compiles .mod files into a NEURON mechanism library with Debian's nrnivmodl, using the documented work-around for
/// its packaging (reference/neuron-on-debian.md: NRNHOME_EXEC pointing at a folder of links, explicit link flags).
/// </summary>
public static class NeuronMechanismLibrary
{
    /// <summary>
    /// Copies <paramref name="modFiles"/> into <c>workFolder/mod</c>, runs nrnivmodl in <paramref name="workFolder"/>
    /// and returns the path of <c>x86_64/.libs/libnrnmech.so</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">nrnivmodl did not produce the library; the message holds its log.</exception>
    public static string Compile(string workFolder, IEnumerable<(string FileName, string Source)> modFiles)
    {
        var modFolder = Path.Combine(workFolder, "mod");
        Directory.CreateDirectory(modFolder);
        foreach (var (fileName, source) in modFiles) File.WriteAllText(Path.Combine(modFolder, fileName), source);
        const string script = """
            set -u
            F=$(mktemp -d); mkdir -p "$F/bin" "$F/lib"
            for f in /usr/bin/nocmodl /usr/bin/nrniv /usr/bin/modlunit /usr/lib/nrn/nrnmech_makefile /usr/lib/nrn/mkthreadsafe; do ln -s "$f" "$F/bin/"; done
            for f in /usr/lib/nrn/*; do ln -s "$f" "$F/lib/"; done
            NRNHOME_EXEC="$F" nrnivmodl -loadflags "-L/usr/lib/nrn -Wl,-rpath,/usr/lib/nrn" "$1" 2>&1
            rm -rf "$F"
            """;
        var start = new ProcessStartInfo("/bin/bash", ["-c", script, "nrnivmodl-recipe", modFolder])
        {
            WorkingDirectory = workFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash for nrnivmodl.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var log = output.Result + error.Result;
        File.WriteAllText(Path.Combine(workFolder, "nrnivmodl.log"), log);
        // The 'special' executable fails to link on Debian (documented); the mechanism library is what counts.
        var library = Path.Combine(workFolder, "x86_64", ".libs", "libnrnmech.so");
        return File.Exists(library) ? library : throw new InvalidOperationException($"nrnivmodl did not build {library}:\n{log}");
    }
}
