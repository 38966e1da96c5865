using System.Collections.Immutable;
using NeuronLab.Model.Cells;

namespace NeuronLab.Simulation;

/// <summary>One probe's recording: sample times [ms] and values [lane][sample] (mV for voltage, state units otherwise).</summary>
public sealed record Trace(Probe Probe, double[] Times, double[][] Values, string Unit);

/// <summary>The recordings of a batch run, one trace per probe.</summary>
public sealed record SimulationResult(ImmutableArray<Trace> Traces, int Lanes, int Steps)
{
    /// <summary>The trace of the probe called <paramref name="name"/>.</summary>
    public Trace this[string name] =>
        Traces.FirstOrDefault(t => t.Probe.Name == name)
        ?? throw new KeyNotFoundException($"No probe '{name}'. Probes: {string.Join(", ", Traces.Select(t => t.Probe.Name))}.");
}
