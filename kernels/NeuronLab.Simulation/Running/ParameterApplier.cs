using NeuronLab.Model.Cells;

namespace NeuronLab.Simulation;

/// <summary>Writes each lane's named parameter values (or their defaults) into the fields they target.</summary>
internal static class ParameterApplier
{
    public static void Apply(BatchState state, IReadOnlyList<Lane> lanes)
    {
        var cell = state.Cell;
        var definitions = cell.Description.Parameters;
        for (var l = 0; l < lanes.Count; l++)
        {
            foreach (var name in lanes[l].Parameters.Keys)
            {
                if (!definitions.Any(d => d.Name == name))
                    throw new ArgumentException($"Lane {l} sets parameter '{name}', which the cell does not define. Parameters: {string.Join(", ", definitions.Select(d => d.Name))}.", nameof(lanes));
            }
        }
        foreach (var definition in definitions)
        {
            foreach (var target in definition.Targets)
            {
                for (var l = 0; l < lanes.Count; l++)
                {
                    var value = lanes[l].Parameters.TryGetValue(definition.Name, out var v) ? v : definition.Default;
                    Set(state, definition, target, l, value);
                }
            }
        }
    }

    private static void Set(BatchState state, ParameterDefinition definition, ParameterTarget target, int lane, double value)
    {
        var cell = state.Cell;
        var lanes = state.Lanes;
        switch (target)
        {
            case MechanismFieldTarget t:
            {
                var mechanism = state.Mechanisms.FirstOrDefault(m => m.Instances.Mechanism.Name == t.Mechanism)
                    ?? throw new ArgumentException($"Parameter '{definition.Name}' targets mechanism '{t.Mechanism}', which is not inserted in the cell.");
                var field = mechanism.Instances.Mechanism.Parameters.Select(p => p.Name).ToList().IndexOf(t.Field);
                if (field < 0) throw new ArgumentException($"Parameter '{definition.Name}' targets field '{t.Field}', which mechanism '{t.Mechanism}' does not have.");
                var nodes = cell.NodesIn(t.Region).ToHashSet();
                var hits = 0;
                for (var i = 0; i < mechanism.Instances.Nodes.Length; i++)
                {
                    if (!nodes.Contains(mechanism.Instances.Nodes[i])) continue;
                    mechanism.Parameters[field][i * lanes + lane] = value;
                    hits++;
                }
                if (hits == 0) throw new ArgumentException($"Parameter '{definition.Name}' targets '{t.Mechanism}.{t.Field}' on a region where '{t.Mechanism}' is not inserted.");
                break;
            }
            case ReversalPotentialTarget t:
            {
                if (!state.ReversalPotentials.TryGetValue(t.Ion, out var values))
                    throw new ArgumentException($"Parameter '{definition.Name}' targets the reversal potential of ion '{t.Ion}', which no mechanism uses.");
                foreach (var node in cell.NodesIn(t.Region)) values[node * lanes + lane] = value;
                break;
            }
            case CapacitanceTarget t:
                foreach (var node in cell.NodesIn(t.Region)) state.MembraneCapacitance[node * lanes + lane] = value;
                break;
            case StimulusGainTarget t:
            {
                foreach (var track in state.Stimuli[lane].Where(s => s.Name == t.Stimulus))
                {
                    if (track.GainParameter is { } other && other != definition.Name)
                        throw new ArgumentException($"Stimulus '{t.Stimulus}' is scaled by two gain parameters ('{other}' and '{definition.Name}'); use one.");
                    track.ParameterGain = value;
                    track.GainParameter = definition.Name;
                }
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target.GetType().Name, "Unknown parameter target.");
        }
    }
}
