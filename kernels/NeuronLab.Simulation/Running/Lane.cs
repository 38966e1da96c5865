using System.Collections.Immutable;
using NeuronLab.Model.Stimuli;

namespace NeuronLab.Simulation;

/// <summary>
/// One member of a batch: values for the cell's named parameters (the rest take their defaults) and the stimuli
/// applied. All lanes of a batch share the cell's topology.
/// </summary>
public sealed record Lane(ImmutableDictionary<string, double> Parameters, ImmutableArray<CurrentClamp> Stimuli)
{
    public static Lane With(params CurrentClamp[] stimuli) => new(ImmutableDictionary<string, double>.Empty, [.. stimuli]);

    public Lane WithParameter(string name, double value) => this with { Parameters = Parameters.SetItem(name, value) };
}
