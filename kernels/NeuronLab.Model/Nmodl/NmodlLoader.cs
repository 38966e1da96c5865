using System.Collections.Immutable;
using NeuronLab.Model.Mechanisms;

namespace NeuronLab.Model.Nmodl;

/// <summary>A mechanism read from NMODL, with the notes made while reading it and the syntax tree it came from.</summary>
/// <param name="Mechanism">The lowered, validated mechanism (canonical units).</param>
/// <param name="Diagnostics">Non-fatal notes, e.g. "TABLE ignored" with its file:line:column.</param>
/// <param name="Syntax">The parsed file.</param>
public sealed record NmodlModule(Mechanism Mechanism, ImmutableArray<NmodlDiagnostic> Diagnostics, NmodlFile Syntax);

/// <summary>
/// Reads NEURON .mod files (NeuronLab's NMODL subset) into <see cref="Mechanism"/>s.
/// </summary>
/// <example>
/// <code>
/// var module = NmodlLoader.Load("hh.mod");
/// Mechanism hh = module.Mechanism;      // parameters gnabar [S/cm2], ...; states m, h, n
/// foreach (var note in module.Diagnostics) Console.WriteLine(note); // hh.mod:60:5: TABLE ignored ...
/// </code>
/// </example>
public static class NmodlLoader
{
    /// <summary>Reads and lowers the .mod file at <paramref name="path"/>.</summary>
    /// <exception cref="NmodlException">Syntax error, unit mismatch or unsupported construct (message starts with file:line:column).</exception>
    public static NmodlModule Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Parses and lowers NMODL <paramref name="source"/>; <paramref name="fileName"/> is used in messages.</summary>
    /// <exception cref="NmodlException">Syntax error, unit mismatch or unsupported construct (message starts with file:line:column).</exception>
    public static NmodlModule Parse(string source, string fileName)
    {
        var syntax = NmodlParser.Parse(source, fileName);
        var (mechanism, diagnostics) = NmodlLowering.Lower(syntax);
        return new NmodlModule(mechanism, diagnostics, syntax);
    }
}
