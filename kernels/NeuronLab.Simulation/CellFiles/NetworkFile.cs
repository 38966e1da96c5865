using System.Collections.Immutable;
using NeuronLab.Model.Network;

namespace NeuronLab.Simulation.CellFiles;

/// <summary>
/// A network file (docs/network-file.md) once read: a cell file's cell copied onto <see cref="Lanes"/>, the synapses,
/// detectors and connections joining them, and which lanes receive the cell file's stimuli.
/// </summary>
public sealed record NetworkFile(string Name, string SourcePath, CellFile Cell, LaneNetwork Network, ImmutableArray<Lane> Lanes)
{
    /// <summary>Simulates the network with the cell file's settings.</summary>
    public NetworkResult Run(SimulationOptions? options = null) => Simulator.Run(Cell.Cell, Cell.Settings, Lanes, Network, options);
}
