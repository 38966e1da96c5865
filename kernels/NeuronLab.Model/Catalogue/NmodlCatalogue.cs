using System.Reflection;
using NeuronLab.Model.Nmodl;

namespace NeuronLab.Model.Catalogue;

/// <summary>
/// The catalogue's .mod files, embedded in this assembly as <c>NeuronLab.Model.Catalogue.&lt;file&gt;.mod</c>:
/// hh, pas, jones_kording (jk), traub_gidon, io_soma, io_dend, io_axon.
/// </summary>
public static class NmodlCatalogue
{
    private const string ResourcePrefix = "NeuronLab.Model.Catalogue.";
    private static readonly Assembly s_assembly = typeof(NmodlCatalogue).Assembly;

    /// <summary>The embedded file names, e.g. <c>hh.mod</c>, sorted.</summary>
    public static IReadOnlyList<string> FileNames =>
    [
        .. s_assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".mod", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The text of the embedded file <paramref name="fileName"/> (e.g. <c>hh.mod</c>).</summary>
    /// <exception cref="FileNotFoundException">No such embedded file.</exception>
    public static string Source(string fileName)
    {
        using var stream = s_assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new FileNotFoundException($"No catalogue file '{fileName}'. Files: {string.Join(", ", FileNames)}.", fileName);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Parses and lowers the embedded file <paramref name="fileName"/>.</summary>
    public static NmodlModule Load(string fileName) => NmodlLoader.Parse(Source(fileName), fileName);

    /// <summary>Mechanism name (the SUFFIX) → file name, for every embedded file.</summary>
    public static IReadOnlyDictionary<string, string> FilesByMechanism() =>
        FileNames.ToDictionary(f => NmodlParser.Parse(Source(f), f).Suffix!, f => f, StringComparer.Ordinal);
}
