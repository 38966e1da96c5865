using NeuronLab.Model.Cells;

namespace NeuronLab.Simulation.Gradients;

/// <summary>
/// For each named parameter being differentiated (a direction), which fields it sets: per mechanism a 0/1 mask over
/// instances for every targeted field, per ion read a mask over nodes, a mask over nodes for capacitance, and the
/// stimuli whose gain it is. A parameter's derivative is the sum of the field derivatives over its masks.
/// </summary>
internal sealed class ParameterSeeds
{
    public ParameterSeeds(BatchState state, IReadOnlyList<string> names)
    {
        Names = names;
        var cell = state.Cell;
        var mechanisms = state.Mechanisms;
        Fields = [.. mechanisms.Select(m => names.Select(_ => new double[]?[m.Instances.Mechanism.Parameters.Length]).ToArray())];
        Ions = [.. mechanisms.Select(m => names.Select(_ => new double[]?[m.IonReads.Length]).ToArray())];
        Capacitance = new double[]?[names.Count];
        GainStimulus = new string?[names.Count];
        for (var d = 0; d < names.Count; d++)
        {
            var definition = cell.Description.Parameter(names[d]);
            foreach (var target in definition.Targets)
            {
                switch (target)
                {
                    case MechanismFieldTarget t:
                    {
                        var m = Array.FindIndex(mechanisms, x => x.Instances.Mechanism.Name == t.Mechanism);
                        if (m < 0) throw new ArgumentException($"Parameter '{names[d]}' targets mechanism '{t.Mechanism}', which is not inserted.");
                        var instances = mechanisms[m].Instances;
                        var field = instances.Mechanism.Parameters.Select(p => p.Name).ToList().IndexOf(t.Field);
                        var nodes = cell.NodesIn(t.Region).ToHashSet();
                        var mask = Fields[m][d][field] ??= new double[instances.Nodes.Length];
                        for (var i = 0; i < instances.Nodes.Length; i++) if (nodes.Contains(instances.Nodes[i])) mask[i] = 1.0;
                        break;
                    }
                    case ReversalPotentialTarget t:
                    {
                        var nodes = cell.NodesIn(t.Region);
                        for (var m = 0; m < mechanisms.Length; m++)
                        {
                            var reads = mechanisms[m].Instances.Mechanism.IonReads.ToList();
                            var r = reads.IndexOf("e" + t.Ion);
                            if (r < 0) continue;
                            var mask = Ions[m][d][r] ??= new double[cell.NodeCount];
                            foreach (var node in nodes) mask[node] = 1.0;
                        }
                        break;
                    }
                    case CapacitanceTarget t:
                    {
                        var mask = Capacitance[d] ??= new double[cell.NodeCount];
                        foreach (var node in cell.NodesIn(t.Region)) mask[node] = 1.0;
                        break;
                    }
                    case StimulusGainTarget t:
                        GainStimulus[d] = t.Stimulus;
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(names), target.GetType().Name, "Unknown parameter target.");
                }
            }
        }
    }

    public IReadOnlyList<string> Names { get; }
    public int Count => Names.Count;

    /// <summary>[mechanism][direction][field] → mask over instances, or null.</summary>
    public double[]?[][][] Fields { get; }

    /// <summary>[mechanism][direction][ion read] → mask over nodes, or null.</summary>
    public double[]?[][][] Ions { get; }

    /// <summary>[direction] → mask over nodes of the membrane capacitance, or null.</summary>
    public double[]?[] Capacitance { get; }

    /// <summary>[direction] → name of the stimulus whose gain it is, or null.</summary>
    public string?[] GainStimulus { get; }
}
