using System.Text.Json.Nodes;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation.CellFiles;

namespace NeuronLab.Simulation.Tests.CellFiles;

public sealed class CellFileReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neuronlab-cellfile-").FullName;

    public CellFileReaderTests()
    {
        // Soma cylinder (20 µm x 20 µm), a 100 µm dendrite of two segments and a 40 µm axon.
        File.WriteAllText(Path.Combine(_folder, "cell.swc"), "1 1 0 0 0 10 -1\n2 1 20 0 0 10 1\n3 3 70 0 0 1 2\n4 3 120 0 0 1 3\n5 2 20 -40 0 0.5 2\n");
        File.WriteAllText(Path.Combine(_folder, "leak.mod"), "NEURON { SUFFIX leak NONSPECIFIC_CURRENT i RANGE g, e }\nUNITS { (mA) = (milliamp) (mV) = (millivolt) }\nPARAMETER { g = 0.001 (S/cm2) e = -70 (mV) }\nASSIGNED { v (mV) i (mA/cm2) }\nBREAKPOINT { i = g*(v - e) }\n");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Valid = """
        {
          "format": "neuronlab-cell/1",
          "name": "demo",
          "morphology": {"swc": "cell.swc"},
          "discretization": {"policy": "max-length", "value": 25},
          "temperature": 16.3,
          "regions": {"distal": {"branches": [1]}, "both": {"union": ["distal", {"tags": [2]}]}},
          "properties": [{"region": "all", "cm": 1.5, "Ra": 100, "v_init": -70, "reversal": {"na": 55}}],
          "mechanisms": [
            {"name": "hh", "region": "soma", "parameters": {"gnabar": 0.2}},
            {"mod": "leak.mod", "region": "both", "parameters": {"g": 0.0002}}
          ],
          "parameters": [
            {"name": "soma.gnabar", "unit": "S/cm2", "default": 0.2, "lower": 0, "upper": 1,
             "targets": [{"kind": "mechanism", "region": "soma", "mechanism": "hh", "field": "gnabar"}]},
            {"name": "gain", "default": 1, "targets": [{"kind": "stimulus-gain", "stimulus": "step"}]},
            {"name": "ena", "unit": "mV", "default": 55, "targets": [{"kind": "reversal", "region": "all", "ion": "na"}]},
            {"name": "cm", "unit": "uF/cm2", "default": 1, "targets": [{"kind": "cm", "region": "dend"}]}
          ],
          "stimuli": [
            {"name": "step", "location": {"branch": 0, "x": 0.5}, "waveform": {"kind": "step", "start": 1, "duration": 3, "amplitude": 0.5}},
            {"name": "train", "location": {"branch": 1, "x": 1}, "gain": 0.5, "waveform": {"kind": "pulses", "start": 0, "duration": 0.5, "period": 2, "count": 3, "amplitude": 0.1}},
            {"name": "bins", "location": {"branch": 0, "x": 0}, "waveform": {"kind": "bins", "width": 1, "amplitudes": [0, 0.1, 0.2], "hold_last": false}},
            {"name": "wave", "location": {"branch": 2, "x": 0.5}, "waveform": {"kind": "sampled", "times": [0, 5], "values": [0, 0.05]}},
            {"name": "noise", "location": {"branch": 0, "x": 0.5}, "waveform": {"kind": "ou", "mean": 0, "sigma": 0.01, "tau": 2, "seed": 7}}
          ],
          "probes": [
            {"name": "soma", "location": {"branch": 0, "x": 0.5}, "quantity": "v", "period": 0.1},
            {"name": "m", "location": {"branch": 0, "x": 0.5}, "quantity": {"mechanism": "hh", "state": "m"}, "period": 0.1}
          ],
          "simulation": {"tstop": 5, "dt": 0.025, "scheme": "crank-nicolson"}
        }
        """;

    private CellFile Parse(string json) => CellFileReader.Parse(json, "cell.json", _folder);

    [Fact]
    public void Parse_FullExample_BuildsCellSettingsAndLane()
    {
        var file = Parse(Valid);
        Assert.Equal("demo", file.Name);
        var shape = Assert.IsType<MorphologyShape>(file.Cell.Shape);
        Assert.Equal(3, shape.Morphology.Branches.Length);
        Assert.Equal(Discretization.MaxLength(25), shape.Discretization);
        Assert.Equal(16.3, file.Cell.Temperature);
        Assert.Equal(["both", "distal"], file.Cell.NamedRegions.Keys.Order());
        Assert.Equal(TimeScheme.CrankNicolson, file.Settings.Scheme);
        Assert.Equal(200, file.Settings.StepCount);
        Assert.Equal(["soma", "m"], file.Settings.Probes.Select(p => p.Name));
        Assert.Equal(new StateQuantity("hh", "m"), file.Settings.Probes[1].Quantity);
        Assert.Equal(["soma.gnabar", "gain", "ena", "cm"], file.Cell.Parameters.Select(p => p.Name));
        Assert.Equal(1.0, file.Cell.Parameter("soma.gnabar").Upper);
        var stimuli = file.Lane.Stimuli;
        Assert.Equal(new StepWaveform(1, 3, 0.5), stimuli[0].Waveform);
        Assert.Equal(0.5, stimuli[1].Gain);
        Assert.IsType<PulseTrainWaveform>(stimuli[1].Waveform);
        Assert.False(Assert.IsType<PiecewiseConstantWaveform>(stimuli[2].Waveform).HoldLast);
        Assert.IsType<SampledWaveform>(stimuli[3].Waveform);
        Assert.Equal(7UL, Assert.IsType<OrnsteinUhlenbeckWaveform>(stimuli[4].Waveform).Seed);
        var mechanisms = file.Cell.Decor.Paints.Select(p => p.What).OfType<MechanismPaint>().ToList();
        Assert.Equal(["hh", "leak"], mechanisms.Select(m => m.Mechanism.Name));
        Assert.Equal(0.2, mechanisms[0].Values["gnabar"]);
        Assert.Contains(file.Cell.Decor.Paints, p => p.What is ReversalPotential { Ion: "na", Value: 55 });
    }

    [Fact]
    public void Run_FullExample_RecordsEveryProbeOnItsPeriod()
    {
        var result = Parse(Valid).Run();
        Assert.Equal(51, result["soma"].Times.Length);
        Assert.Equal(-70, result["soma"].Values[0][0], 12);
        Assert.True(result["soma"].Values[0].Max() > -60, "the step depolarises the soma by more than 10 mV");
    }

    [Fact]
    public void Read_FileOnDisk_ResolvesPathsRelativeToTheFile()
    {
        var path = Path.Combine(_folder, "demo.json");
        File.WriteAllText(path, Valid.Replace("\"name\": \"demo\",", ""));
        var file = CellFileReader.Read(path);
        Assert.Equal("demo", file.Name); // from the file name
        Assert.Equal(path, file.SourcePath);
    }

    [Fact]
    public void Parse_CompartmentList_BuildsGraphShape()
    {
        var file = Parse("""
            {"morphology": {"compartments": [
               {"id": 0, "parent": -1, "area": 100, "tag": 1},
               {"id": 1, "parent": 0, "area": 50, "conductance": 0.01}]},
             "mechanisms": [{"name": "pas", "region": {"compartments": [0, 1]}}],
             "stimuli": [{"name": "s", "location": {"compartment": 1}, "waveform": {"kind": "step", "start": 0, "duration": 1, "amplitude": 0.01}}],
             "probes": [{"name": "v1", "location": {"compartment": 1}}],
             "simulation": {"tstop": 1, "dt": 0.1}}
            """);
        var graph = Assert.IsType<GraphShape>(file.Cell.Shape).Graph;
        Assert.Equal(2, graph.Compartments.Length);
        Assert.Equal(0.01, graph.Compartments[1].Conductance);
        Assert.Equal(TimeScheme.BackwardEuler, file.Settings.Scheme);
        Assert.Equal(11, file.Run()["v1"].Times.Length);
    }

    /// <summary>Each case edits the valid file at one place and expects that JSON path and message.</summary>
    public static TheoryData<string, string, string> Errors() => new()
    {
        { "$.mechanisms[0].parameters.gnabar", "\"abc\"", "$.mechanisms[0].parameters.gnabar: expected a number, found \"abc\"" },
        { "$.mechanisms[0].parameters.gnabarx", "1", "$.mechanisms[0].parameters.gnabarx: mechanism \"hh\" has no parameter \"gnabarx\"" },
        { "$.mechanisms[0].name", "\"nope\"", "$.mechanisms[0].name: no catalogue mechanism \"nope\"" },
        { "$.mechanisms[1].mod", "\"missing.mod\"", "$.mechanisms[1].mod: NMODL file not found" },
        { "$.mechanisms[0].region", "\"nowhere\"", "$.mechanisms[0].region: unknown region \"nowhere\"" },
        { "$.mechanisms[0].region", "{\"branches\": [9]}", "$.mechanisms[0].region.branches[0]: branch 9 does not exist" },
        { "$.mechanisms[0].region", "{\"compartments\": [0]}", "$.mechanisms[0].region.compartments: compartment ids exist only on an explicit compartment list" },
        { "$.mechanisms[0].region", "{\"tags\": [1], \"branches\": [0]}", "$.mechanisms[0].region: a region object needs exactly one of" },
        { "$.mechanisms[0].color", "\"red\"", "$.mechanisms[0]: unknown property \"color\"" },
        { "$.morphology.swc", "\"none.swc\"", "$.morphology.swc: SWC file not found" },
        { "$.morphology.swc", "3", "$.morphology.swc: expected a string, found 3" },
        { "$.discretization.policy", "\"per-galaxy\"", "$.discretization.policy: unknown policy \"per-galaxy\"" },
        { "$.discretization.value", "-1", "$.discretization.value: expected a positive number, found -1" },
        { "$.temperature", "\"warm\"", "$.temperature: expected a number, found \"warm\"" },
        { "$.format", "\"other/2\"", "$.format: unknown format \"other/2\"" },
        { "$.properties[0].cm", "0", "$.properties[0].cm: expected a positive number, found 0" },
        { "$.properties[0].reversal.na", "null", "" }, // null = absent: allowed? no: reversal entries must be numbers
        { "$.parameters[0].targets[0].field", "\"gxx\"", "$.parameters[0].targets[0].field: mechanism \"hh\" has no parameter \"gxx\"" },
        { "$.parameters[0].targets[0].mechanism", "\"pas\"", "$.parameters[0].targets[0].mechanism: mechanism \"pas\" is not inserted" },
        { "$.parameters[0].targets[0].kind", "\"magic\"", "$.parameters[0].targets[0].kind: unknown target kind \"magic\"" },
        { "$.parameters[1].targets[0].stimulus", "\"nostim\"", "$.parameters[1].targets[0].stimulus: no stimulus \"nostim\"" },
        { "$.parameters[0].default", "2", "$.parameters[0].default: the default 2 is above the upper bound 1" },
        { "$.parameters[0].upper", "-1", "$.parameters[0].upper: the upper bound -1 must exceed the lower bound 0" },
        { "$.parameters[1].name", "\"soma.gnabar\"", "$.parameters[1].name: a second parameter called \"soma.gnabar\"" },
        { "$.stimuli[0].location.branch", "7", "$.stimuli[0].location.branch: branch 7 does not exist" },
        { "$.stimuli[0].location.x", "1.5", "$.stimuli[0].location.x: expected a position in [0, 1], found 1.5" },
        { "$.stimuli[0].location", "{\"compartment\": 0}", "$.stimuli[0].location.compartment: compartment ids exist only on an explicit compartment list" },
        { "$.stimuli[0].waveform.kind", "\"square\"", "$.stimuli[0].waveform.kind: unknown waveform kind \"square\"" },
        { "$.stimuli[0].waveform.amplitude", "[1]", "$.stimuli[0].waveform.amplitude: expected a number, found an array" },
        { "$.stimuli[1].name", "\"step\"", "$.stimuli[1].name: a second stimulus called \"step\"" },
        { "$.stimuli[1].waveform.duration", "3", "$.stimuli[1].waveform.duration: a pulse (3 ms) cannot outlast its period (2 ms)" },
        { "$.stimuli[2].waveform.amplitudes", "[]", "$.stimuli[2].waveform.amplitudes: expected at least one amplitude" },
        { "$.stimuli[3].waveform.values", "[0]", "$.stimuli[3].waveform.values: expected 2 values (one per time), found 1" },
        { "$.stimuli[3].waveform.times", "[5, 0]", "$.stimuli[3].waveform.times[1]: times must increase" },
        { "$.stimuli[4].waveform.seed", "-3", "$.stimuli[4].waveform.seed: expected a non-negative integer, found -3" },
        { "$.stimuli[4].waveform.stop", "-1", "$.stimuli[4].waveform.stop: stop (-1 ms) must come after start (0 ms)" },
        { "$.probes[0].period", "0.03", "$.probes[0].period: the sampling period 0.03 ms is not a whole number of steps of 0.025 ms" },
        { "$.probes[0].name", "\"t\"", "$.probes[0].name: \"t\" is the time column" },
        { "$.probes[1].name", "\"soma\"", "$.probes[1].name: a second probe called \"soma\"" },
        { "$.probes[1].quantity.state", "\"zz\"", "$.probes[1].quantity.state: mechanism \"hh\" has no state \"zz\"" },
        { "$.probes[0].quantity", "\"i\"", "$.probes[0].quantity: expected \"v\" or {\"mechanism\", \"state\"}, found \"i\"" },
        { "$.probes", "[]", "$.probes: expected at least one probe" },
        { "$.simulation.dt", "0", "$.simulation.dt: expected a positive number, found 0" },
        { "$.simulation.tstop", "5.01", "$.simulation.tstop: The duration 5.01 ms is not a whole number of steps of 0.025 ms." },
        { "$.simulation.scheme", "\"rk4\"", "$.simulation.scheme: unknown scheme \"rk4\"" },
        { "$.simulation", "null", "$: missing required property \"simulation\"" },
        { "$.regions.all", "{\"tags\": [1]}", "$.regions.all: \"all\" is reserved" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Parse_InvalidValue_NamesFileAndJsonPath(string path, string replacement, string expected)
    {
        var json = Edit(Valid, path, replacement);
        if (expected.Length == 0)
        {
            // Setting a reversal potential to null: an absent optional, except inside a map that must hold numbers.
            var e0 = Assert.Throws<CellFileException>(() => Parse(json));
            Assert.Equal("$.properties[0].reversal.na", e0.JsonPath);
            return;
        }
        var e = Assert.Throws<CellFileException>(() => Parse(json));
        Assert.StartsWith("cell.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_ReportsLine()
    {
        var e = Assert.Throws<CellFileException>(() => Parse("{\n  \"name\": \"x\",\n  oops\n}"));
        Assert.Contains("(line 3", e.JsonPath, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingMorphology_NamesTheProperty()
    {
        var e = Assert.Throws<CellFileException>(() => Parse("{\"mechanisms\": [], \"probes\": [], \"simulation\": {\"tstop\": 1, \"dt\": 0.1}}"));
        Assert.Equal("cell.json: $: missing required property \"morphology\"", e.Message);
    }

    [Fact]
    public void Parse_GraphWithDiscretization_IsRejected()
    {
        var e = Assert.Throws<CellFileException>(() => Parse("""
            {"morphology": {"compartments": [{"id": 0, "parent": -1, "area": 1}]}, "discretization": {"policy": "per-segment"},
             "mechanisms": [], "probes": [{"name": "v", "location": {"compartment": 0}}], "simulation": {"tstop": 1, "dt": 0.1}}
            """));
        Assert.Equal("$.discretization", e.JsonPath);
    }

    [Theory]
    [InlineData("{\"id\": 1, \"parent\": -1, \"area\": 1}", "$.morphology.compartments[0].id", "expected 0, found 1")]
    [InlineData("{\"id\": 0, \"parent\": 0, \"area\": 1}", "$.morphology.compartments[0].parent", "the parent must be -1")]
    [InlineData("{\"id\": 0, \"parent\": -1, \"area\": -1}", "$.morphology.compartments[0].area", "expected a positive number")]
    public void Parse_InvalidCompartment_NamesIt(string compartment, string path, string problem)
    {
        var json = "{\"morphology\": {\"compartments\": [" + compartment + "]}, \"mechanisms\": [], " +
            "\"probes\": [{\"name\": \"v\", \"location\": {\"compartment\": 0}}], \"simulation\": {\"tstop\": 1, \"dt\": 0.1}}";
        var e = Assert.Throws<CellFileException>(() => Parse(json));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_NamesIt()
    {
        var e = Assert.Throws<CellFileException>(() => CellFileReader.Read(Path.Combine(_folder, "absent.json")));
        Assert.Contains("absent.json: $: cannot read the file", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Replaces (or adds, or with "null" removes) the value at a simple JSON path like <c>$.a[0].b</c>.</summary>
    private static string Edit(string json, string path, string replacement)
    {
        var root = JsonNode.Parse(json)!;
        var parts = path[2..].Replace("[", ".[").Split('.', StringSplitOptions.RemoveEmptyEntries);
        JsonNode node = root;
        for (var i = 0; i < parts.Length - 1; i++) node = Step(node, parts[i])!;
        var last = parts[^1];
        var value = replacement == "null" ? null : JsonNode.Parse(replacement);
        if (last.StartsWith('[')) node.AsArray()[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        else if (value is null && path != "$.properties[0].reversal.na") node.AsObject().Remove(last);
        else node.AsObject()[last] = value;
        return root.ToJsonString();
    }

    private static JsonNode? Step(JsonNode node, string part) =>
        part.StartsWith('[') ? node.AsArray()[int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture)] : node.AsObject()[part];
}
