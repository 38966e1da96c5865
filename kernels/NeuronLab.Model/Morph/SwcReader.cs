using System.Globalization;

namespace NeuronLab.Model.Morph;

/// <summary>
/// Reads standard 7-column SWC (<c>id type x y z radius parent</c>, µm; <c>#</c> comments; blank lines) into samples,
/// and samples into a <see cref="Morphology"/>.
/// </summary>
/// <remarks>
/// Checks: 7 numeric fields, integer id/type/parent, unique positive ids, positive finite radius, parent −1 or an
/// existing id, exactly one root, no cycles. Samples may appear in any order (parents need not come first).
/// </remarks>
public static class SwcReader
{
    private static readonly string[] s_fields = ["id", "type", "x", "y", "z", "radius", "parent"];

    /// <summary>Reads the file at <paramref name="path"/> and builds its morphology.</summary>
    public static Morphology ReadMorphology(string path) => MorphologyBuilder.FromSwc(ReadSamples(path), path);

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<SwcSample> ReadSamples(string path) =>
        File.Exists(path)
            ? ParseSamples(File.ReadAllLines(path), path)
            : throw new FileNotFoundException($"SWC file not found: {path}", path);

    /// <summary>Parses SWC text; <paramref name="fileName"/> is used in error messages.</summary>
    public static IReadOnlyList<SwcSample> ParseSamples(IEnumerable<string> lines, string fileName = "<swc>")
    {
        var samples = new List<SwcSample>();
        var byId = new Dictionary<int, SwcSample>();
        var lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            var hash = raw.IndexOf('#');
            var text = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (text.Length == 0) continue;
            var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 7)
                throw new SwcFormatException(fileName, lineNumber, "line", text, $"expected 7 fields (id type x y z radius parent), found {parts.Length}.");
            var id = ParseInt(parts, 0, fileName, lineNumber);
            var type = ParseInt(parts, 1, fileName, lineNumber);
            var x = ParseDouble(parts, 2, fileName, lineNumber);
            var y = ParseDouble(parts, 3, fileName, lineNumber);
            var z = ParseDouble(parts, 4, fileName, lineNumber);
            var radius = ParseDouble(parts, 5, fileName, lineNumber);
            var parent = ParseInt(parts, 6, fileName, lineNumber);
            if (id < 1) throw new SwcFormatException(fileName, lineNumber, "id", parts[0], "ids must be positive integers.");
            if (type < 0) throw new SwcFormatException(fileName, lineNumber, "type", parts[1], "structure types must be non-negative.");
            if (!(radius > 0)) throw new SwcFormatException(fileName, lineNumber, "radius", parts[5], "the radius must be positive.");
            if (parent < -1 || parent == 0) throw new SwcFormatException(fileName, lineNumber, "parent", parts[6], "the parent must be -1 (root) or a sample id.");
            if (parent == id) throw new SwcFormatException(fileName, lineNumber, "parent", parts[6], "a sample cannot be its own parent.");
            var sample = new SwcSample(id, type, x, y, z, radius, parent, lineNumber);
            if (byId.TryGetValue(id, out var previous))
                throw new SwcFormatException(fileName, lineNumber, "id", parts[0], $"duplicate id (first defined on line {previous.Line}).");
            byId[id] = sample;
            samples.Add(sample);
        }
        if (samples.Count == 0) throw new SwcFormatException(fileName, lineNumber, "file", "", "no samples.");
        var roots = samples.Where(s => s.Parent == -1).ToList();
        if (roots.Count != 1)
        {
            var at = roots.Count > 1 ? roots[1] : samples[0];
            throw new SwcFormatException(fileName, at.Line, "parent", at.Parent.ToString(CultureInfo.InvariantCulture),
                roots.Count == 0 ? "no root sample (parent -1)." : $"more than one root (the first is on line {roots[0].Line}); NeuronLab reads one connected cell per file.");
        }
        foreach (var s in samples)
        {
            if (s.Parent != -1 && !byId.ContainsKey(s.Parent))
                throw new SwcFormatException(fileName, s.Line, "parent", s.Parent.ToString(CultureInfo.InvariantCulture), "no sample has this id.");
        }
        CheckAcyclic(samples, byId, fileName);
        return samples;
    }

    private static void CheckAcyclic(List<SwcSample> samples, Dictionary<int, SwcSample> byId, string fileName)
    {
        var reachesRoot = new HashSet<int>();
        foreach (var s in samples)
        {
            var path = new HashSet<int>();
            var current = s;
            while (current.Parent != -1 && !reachesRoot.Contains(current.Id))
            {
                if (!path.Add(current.Id))
                    throw new SwcFormatException(fileName, current.Line, "parent", current.Parent.ToString(CultureInfo.InvariantCulture), "the parent links form a cycle.");
                current = byId[current.Parent];
            }
            reachesRoot.UnionWith(path);
        }
    }

    private static int ParseInt(string[] parts, int index, string file, int line)
    {
        if (int.TryParse(parts[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        // Some writers emit integer fields as "3.0".
        if (double.TryParse(parts[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
            return (int)d;
        throw new SwcFormatException(file, line, s_fields[index], parts[index], "not an integer.");
    }

    private static double ParseDouble(string[] parts, int index, string file, int line)
    {
        if (double.TryParse(parts[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        throw new SwcFormatException(file, line, s_fields[index], parts[index], "not a finite number.");
    }
}
