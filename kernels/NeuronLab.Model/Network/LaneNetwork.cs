using System.Collections.Immutable;

namespace NeuronLab.Model.Network;

/// <summary>
/// A network whose cells are the lanes of one batch: every lane carries the same synapses and spike detectors (the
/// cells share a morphology and mechanisms; parameters and stimuli may differ per lane), and connections join lanes
/// with a weight and a delay. Lanes are the natural unit here: the batched engine already steps them side by side.
/// </summary>
public sealed record LaneNetwork(ImmutableArray<ExpSynapse> Synapses, ImmutableArray<SpikeDetector> Detectors, ImmutableArray<Connection> Connections)
{
    public static LaneNetwork Empty { get; } = new([], [], []);

    /// <summary>Index of the synapse called <paramref name="name"/>, or an error that lists the synapses.</summary>
    public int SynapseIndex(string name)
    {
        for (var k = 0; k < Synapses.Length; k++)
            if (Synapses[k].Name == name) return k;
        throw new ArgumentException($"No synapse '{name}'. Synapses: {string.Join(", ", Synapses.Select(s => s.Name))}.");
    }

    /// <summary>Index of the detector called <paramref name="name"/>, or an error that lists the detectors.</summary>
    public int DetectorIndex(string name)
    {
        for (var k = 0; k < Detectors.Length; k++)
            if (Detectors[k].Name == name) return k;
        throw new ArgumentException($"No spike detector '{name}'. Detectors: {string.Join(", ", Detectors.Select(s => s.Name))}.");
    }

    /// <summary>Checks names, values and that every connection joins existing lanes, detectors and synapses.</summary>
    public void Validate(int lanes)
    {
        foreach (var s in Synapses) s.Validate();
        foreach (var d in Detectors) d.Validate();
        Unique(Synapses.Select(s => s.Name), "synapse");
        Unique(Detectors.Select(d => d.Name), "spike detector");
        for (var c = 0; c < Connections.Length; c++)
        {
            var x = Connections[c];
            var at = $"Connection {c} ({x.Source}.{x.Detector} → {x.Target}.{x.Synapse})";
            if (x.Source < 0 || x.Source >= lanes) throw new ArgumentException($"{at}: source lane {x.Source} is not in 0…{lanes - 1}.");
            if (x.Target < 0 || x.Target >= lanes) throw new ArgumentException($"{at}: target lane {x.Target} is not in 0…{lanes - 1}.");
            if (!(x.Delay > 0) || !double.IsFinite(x.Delay)) throw new ArgumentException($"{at}: the delay must be positive and finite [ms], got {x.Delay}.");
            if (!double.IsFinite(x.Weight)) throw new ArgumentException($"{at}: the weight must be finite [µS], got {x.Weight}.");
            SynapseIndex(x.Synapse);
            DetectorIndex(x.Detector);
        }
    }

    private static void Unique(IEnumerable<string> names, string what)
    {
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two {what}s are called '{duplicate.Key}'.");
    }
}
