using NeuronLab.Model.Cells;

namespace NeuronLab.Simulation.CellFiles;

/// <summary>
/// A declarative cell file (docs/cell-file.md) once read: the cell, how to simulate it, and the one lane of stimuli
/// (parameters at their defaults). Read it with <see cref="CellFileReader"/>.
/// </summary>
/// <param name="Name">The file's <c>name</c>, or its file name without extension.</param>
/// <param name="SourcePath">The file it was read from (or the name given to <see cref="CellFileReader.Parse"/>).</param>
public sealed record CellFile(string Name, string SourcePath, CellDescription Cell, SimulationSettings Settings, Lane Lane)
{
    /// <summary>Simulates the file's one lane.</summary>
    public SimulationResult Run(SimulationOptions? options = null) => Simulator.Run(Cell, Settings, [Lane], options);
}
