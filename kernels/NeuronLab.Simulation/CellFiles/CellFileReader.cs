using System.Collections.Immutable;
using System.Text.Json;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Morph;
using NeuronLab.Model.Nmodl;
using NeuronLab.Model.Stimuli;

namespace NeuronLab.Simulation.CellFiles;

/// <summary>
/// Reads a declarative cell file (JSON, format in docs/cell-file.md) into a <see cref="CellFile"/>. Every value is
/// checked where it is read; a problem throws <see cref="CellFileException"/> naming the file and the JSON path,
/// e.g. <c>cell.json: $.mechanisms[2].parameters.gnabar: expected a number, found "abc"</c>.
/// </summary>
/// <remarks>
/// Units are NeuronLab's canonical ones: mV, ms, µm, µF/cm², Ω·cm, nA, °C; mechanism parameters in the units their
/// NMODL file declares. Paths (SWC, .mod) are relative to the cell file's folder.
/// </remarks>
public static partial class CellFileReader
{
    /// <summary>The value of <c>format</c>, when a file gives one.</summary>
    public const string Format = "neuronlab-cell/1";

    private static readonly string[] s_topLevel =
        ["format", "name", "description", "morphology", "discretization", "temperature", "regions", "properties", "mechanisms", "parameters", "stimuli", "probes", "simulation"];

    /// <summary>Reads the cell file at <paramref name="path"/>.</summary>
    /// <exception cref="CellFileException">The file is missing, not JSON, or describes an invalid cell.</exception>
    public static CellFile Read(string path) => Parse(ReadText(path), path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");

    /// <summary>The file's text, or a <see cref="CellFileException"/> that names it.</summary>
    internal static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CellFileException(path, "$", $"cannot read the file: {e.Message}", e);
        }
    }

    /// <summary>JSON with comments and trailing commas allowed, or a <see cref="CellFileException"/> with the line and byte.</summary>
    internal static JsonDocument ParseJson(string json, string fileName)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new CellFileException(fileName, $"$ (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", $"not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads cell-file JSON; <paramref name="fileName"/> names it in errors, relative paths start at <paramref name="baseDirectory"/>.</summary>
    public static CellFile Parse(string json, string fileName, string baseDirectory)
    {
        using (var document = ParseJson(json, fileName))
        {
            var root = new JsonCursor(document.RootElement, "$", fileName).RequireObject(s_topLevel);
            return new Context(root, baseDirectory).Read();
        }
    }

    /// <summary>State while one file is read: what has been declared so far, for cross-references.</summary>
    private sealed partial class Context(JsonCursor root, string baseDirectory)
    {
        private CellShape _shape = null!;
        private readonly Dictionary<string, Region> _namedRegions = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Mechanism> _mechanisms = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _mechanismSources = new(StringComparer.Ordinal);
        private readonly HashSet<string> _stimuli = new(StringComparer.Ordinal);

        public CellFile Read()
        {
            if (root.Optional("format") is { } format && format.String() != Format)
                throw format.Error($"unknown format \"{format.String()}\"; this reader knows \"{Format}\"");
            var name = root.Optional("name")?.String() ?? Path.GetFileNameWithoutExtension(root.FileName);
            _shape = ReadShape(root.Property("morphology"), root.Optional("discretization"));
            var temperature = root.Optional("temperature")?.Number() ?? Decor.Defaults.Temperature;
            if (root.Optional("regions") is { } regions) ReadNamedRegions(regions);

            var decor = Decor.Empty;
            if (root.Optional("properties") is { } properties)
                foreach (var item in properties.Items()) decor = ReadProperties(item, decor);
            foreach (var item in root.Property("mechanisms").Items()) decor = ReadMechanism(item, decor);

            var simulation = root.Property("simulation").RequireObject("tstop", "dt", "scheme", "slope");
            var dt = simulation.Property("dt").PositiveNumber();
            var tstop = simulation.Property("tstop").PositiveNumber();
            var scheme = simulation.Optional("scheme") is { } s ? ReadScheme(s) : TimeScheme.BackwardEuler;
            var slope = simulation.Optional("slope") is { } sl ? ReadSlope(sl) : CurrentSlope.Exact;
            var settingsWithoutProbes = new SimulationSettings(tstop, dt, scheme, [], slope);
            try
            {
                _ = settingsWithoutProbes.StepCount;
            }
            catch (ArgumentException e)
            {
                throw simulation.Property("tstop").Error(e.Message, e);
            }

            var stimuli = root.Optional("stimuli") is { } st ? st.Items().Select(ReadStimulus).ToImmutableArray() : [];
            var probes = root.Property("probes").Items().Select(p => ReadProbe(p, dt)).ToImmutableArray();
            if (probes.IsEmpty) throw root.Property("probes").Error("expected at least one probe");
            Unique(root.Property("probes"), probes.Select(p => p.Name), "probe");
            var parameters = root.Optional("parameters") is { } ps ? ps.Items().Select(ReadParameter).ToImmutableArray() : [];
            Unique(root.Optional("parameters"), parameters.Select(p => p.Name), "parameter");

            var cell = new CellDescription(_shape, decor, parameters, _namedRegions.ToImmutableDictionary(StringComparer.Ordinal), temperature);
            return new CellFile(name, root.FileName, cell, settingsWithoutProbes with { Probes = probes },
                new Lane(ImmutableDictionary<string, double>.Empty, stimuli));
        }

        private string Resolve(string relative) => Path.GetFullPath(Path.Combine(baseDirectory, relative));

        private static void Unique(JsonCursor? array, IEnumerable<string> names, string what)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var name in names)
            {
                if (!seen.Add(name)) throw new CellFileException(array!.Value.FileName, $"{array.Value.Path}[{index}].name", $"a second {what} called \"{name}\"; names must be unique");
                index++;
            }
        }

        private static TimeScheme ReadScheme(JsonCursor value) => value.String() switch
        {
            "backward-euler" => TimeScheme.BackwardEuler,
            "crank-nicolson" => TimeScheme.CrankNicolson,
            var other => throw value.Error($"unknown scheme \"{other}\"; expected \"backward-euler\" or \"crank-nicolson\""),
        };

        private static CurrentSlope ReadSlope(JsonCursor value) => value.String() switch
        {
            "exact" => CurrentSlope.Exact,
            "neuron-difference" => CurrentSlope.NeuronDifference,
            var other => throw value.Error($"unknown slope \"{other}\"; expected \"exact\" or \"neuron-difference\""),
        };

        // ---- morphology -------------------------------------------------------------------------------------

        private CellShape ReadShape(JsonCursor morphology, JsonCursor? discretization)
        {
            morphology.RequireObject("swc", "compartments");
            if (morphology.Has("swc") == morphology.Has("compartments"))
                throw morphology.Error("expected exactly one of \"swc\" (a file) or \"compartments\" (an explicit list)");
            if (morphology.Optional("swc") is { } swc)
            {
                var path = Resolve(swc.String());
                if (!File.Exists(path)) throw swc.Error($"SWC file not found: {path}");
                Morphology shape;
                try
                {
                    shape = SwcReader.ReadMorphology(path);
                }
                catch (SwcFormatException e)
                {
                    throw swc.Error($"invalid SWC: {e.Message}", e);
                }
                if (discretization is null) throw morphology.Error("a morphology needs a \"discretization\" (e.g. {\"policy\": \"per-segment\"})");
                return new MorphologyShape(shape, ReadDiscretization(discretization.Value));
            }
            if (discretization is { } d) throw d.Error("an explicit compartment list is not discretised; remove \"discretization\"");
            return new GraphShape(ReadGraph(morphology.Property("compartments")));
        }

        private static Discretization ReadDiscretization(JsonCursor d)
        {
            d.RequireObject("policy", "value");
            var policy = d.Property("policy");
            return policy.String() switch
            {
                "per-segment" => d.Has("value") ? throw d.Property("value").Error("the per-segment policy takes no value") : Discretization.OnePerSegment,
                "per-branch" => Discretization.PerBranch(d.Property("value").Integer(1)),
                "max-length" => Discretization.MaxLength(d.Property("value").PositiveNumber()),
                "fixed-count" => Discretization.FixedCount(d.Property("value").Integer(1)),
                var other => throw policy.Error($"unknown policy \"{other}\"; expected per-segment, per-branch, max-length or fixed-count"),
            };
        }

        private static CompartmentGraph ReadGraph(JsonCursor list)
        {
            var compartments = new List<Compartment>();
            var items = list.Items().ToList();
            if (items.Count == 0) throw list.Error("expected at least one compartment");
            for (var i = 0; i < items.Count; i++)
            {
                var c = items[i].RequireObject("id", "parent", "area", "conductance", "tag");
                var id = c.Property("id").Integer();
                if (id != i) throw c.Property("id").Error($"compartment ids must be 0, 1, 2, ... in order; expected {i}, found {id}");
                var parent = c.Property("parent").Integer(-1);
                if (parent >= i) throw c.Property("parent").Error($"the parent must be -1 (root) or an earlier compartment (< {i}), found {parent}");
                if (parent == -1 && i > 0) throw c.Property("parent").Error("only compartment 0 may be the root (parent -1)");
                if (i == 0 && parent != -1) throw c.Property("parent").Error("compartment 0 must be the root (parent -1)");
                var area = c.Property("area").PositiveNumber();
                var conductance = i == 0 ? c.Optional("conductance")?.NonNegativeNumber() ?? 0 : c.Property("conductance").PositiveNumber();
                var tag = c.Optional("tag")?.Integer(0) ?? 0;
                compartments.Add(new Compartment(id, parent, area, conductance, tag));
            }
            return new CompartmentGraph([.. compartments]);
        }

        private int BranchCount => _shape is MorphologyShape m ? m.Morphology.Branches.Length : 0;

        private int CompartmentCount => _shape is GraphShape g ? g.Graph.Compartments.Length : 0;
    }
}
