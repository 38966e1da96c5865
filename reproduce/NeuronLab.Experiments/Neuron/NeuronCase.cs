using System.Text.Json;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Experiments.Neuron;

/// <summary>
/// Writes a cell, its stimuli, probes and settings as the JSON that <c>Scripts/neuron_case.py</c> turns into a
/// NEURON model: one section per NeuronLab branch with the same 3-D points, nseg = our compartments per branch.
/// NEURON then computes areas and axial resistances itself, so geometry is checked, not copied.
/// </summary>
public static class NeuronCase
{
    public static string ToJson(LoweredCell cell, SimulationSettings settings, IReadOnlyList<CurrentClamp> stimuli, bool useTables = false, string? modLibrary = null)
    {
        if (cell.Description.Shape is not MorphologyShape shape)
            throw new ArgumentException("Only morphology cells can be exported to NEURON.", nameof(cell));
        var morphology = shape.Morphology;
        var branches = morphology.Branches.Select(branch =>
        {
            var nodes = Enumerable.Range(0, cell.NodeCount)
                .Where(i => cell.Nodes[i].Kind == NodeKind.Compartment && cell.Nodes[i].Branch == branch.Id).ToList();
            CheckEqualLengths(cell, branch.Id, nodes);
            var first = morphology.Segments[branch.Segments[0]];
            var points = new List<double[]> { Point(first.Proximal) };
            points.AddRange(branch.Segments.Select(s => Point(morphology.Segments[s].Distal)));
            return new Dictionary<string, object>
            {
                ["parent"] = branch.Parent,
                ["points"] = points,
                ["nseg"] = nodes.Count,
                ["cm"] = Uniform(nodes.Select(n => cell.MembraneCapacitance[n]), $"cm on branch {branch.Id}"),
                ["Ra"] = AxialResistivity(cell, branch.Id),
                ["mechanisms"] = cell.Mechanisms.Where(m => m.Nodes.Contains(nodes[0])).ToDictionary(
                    m => m.Mechanism.Name,
                    m => (object)m.Mechanism.Parameters.Select((p, k) => (p.Name, Value: Uniform(nodes.Select(n => m.ParameterValues[k][m.Nodes.IndexOf(n)]), $"{m.Mechanism.Name}.{p.Name} on branch {branch.Id}")))
                        .ToDictionary(x => x.Name, x => x.Value)),
                ["ions"] = cell.ReversalPotentials.Where(kv => cell.Mechanisms.Any(m => m.Nodes.Contains(nodes[0]) && m.Mechanism.Ions.Any(i => i.Ion == kv.Key)))
                    .ToDictionary(kv => "e" + kv.Key, kv => Uniform(nodes.Select(n => kv.Value[n]), $"e{kv.Key} on branch {branch.Id}")),
            };
        }).ToList();

        var json = new Dictionary<string, object?>
        {
            ["celsius"] = cell.Description.Temperature,
            ["dt"] = settings.Dt,
            ["tstop"] = settings.Duration,
            ["secondorder"] = settings.Scheme == TimeScheme.CrankNicolson ? 2 : 0,
            ["v_init"] = Uniform(cell.InitialVoltage, "the initial voltage (NEURON's finitialize takes one value)"),
            ["usetable"] = useTables,
            ["mod_dir"] = modLibrary,
            ["branches"] = branches,
            ["stimuli"] = stimuli.Select(s => s.Waveform is StepWaveform step && s.Location is BranchLocation at
                ? new Dictionary<string, object> { ["branch"] = at.Branch, ["x"] = at.Position, ["del"] = step.Start, ["dur"] = step.Duration, ["amp"] = step.Amplitude * s.Gain }
                : throw new ArgumentException($"Stimulus '{s.Name}': only steps at branch locations map to NEURON's IClamp.", nameof(stimuli))).ToList(),
            ["probes"] = settings.Probes.Select(p => p.Location is BranchLocation at
                ? new Dictionary<string, object>
                {
                    ["name"] = p.Name, ["branch"] = at.Branch, ["x"] = at.Position,
                    ["variable"] = p.Quantity switch { VoltageQuantity => "v", StateQuantity q => $"{q.State}_{q.Mechanism}", _ => throw new ArgumentException("Unknown probe quantity.") },
                }
                : throw new ArgumentException($"Probe '{p.Name}': only branch locations map to NEURON.", nameof(settings))).ToList(),
        };
        return JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = false });
    }

    private static double[] Point(Model.Morph.Point3 p) => [p.X, p.Y, p.Z, 2 * p.Radius];

    private static double AxialResistivity(LoweredCell cell, int branch)
    {
        var paints = cell.Description.Decor.Paints.Where(p => p.What is AxialResistivity).ToList();
        var nodes = cell.NodesIn(new BranchRegion([branch]));
        var value = Decor.Defaults.AxialResistivity;
        foreach (var paint in paints)
            if (cell.NodesIn(paint.Region).Intersect(nodes).Any()) value = ((AxialResistivity)paint.What).Value;
        return value;
    }

    private static double Uniform(IEnumerable<double> values, string what)
    {
        var list = values.Distinct().ToList();
        return list.Count == 1 ? list[0] : throw new ArgumentException($"NEURON export needs one value of {what}; found {list.Count}.");
    }

    private static void CheckEqualLengths(LoweredCell cell, int branch, List<int> nodes)
    {
        var lengths = nodes.Select(n => cell.Nodes[n].End - cell.Nodes[n].Start).ToList();
        if (lengths.Max() - lengths.Min() > 1e-9 * lengths.Max())
            throw new ArgumentException($"Branch {branch} has unequal compartments; NEURON's nseg makes equal ones. Use a per-branch, max-length or fixed-count discretization.");
    }
}
