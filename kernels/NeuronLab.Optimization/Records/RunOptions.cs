using System.Collections.Immutable;
using NeuronLab.Optimization.Bijectors;
using NeuronLab.Optimization.Stopping;

namespace NeuronLab.Optimization.Records;

/// <summary>Settings of an <see cref="OptimizationRun"/>.</summary>
/// <param name="RecordDirectory">Where records.csv, records.jsonl and checkpoint.json live. If a checkpoint is
/// there, the run resumes from it.</param>
/// <param name="MaxIterations">Total iterations (gradient steps or generations) of the run, counted across resumes.</param>
public sealed record RunOptions(string RecordDirectory, int MaxIterations)
{
    /// <summary>Maps the optimizer's unconstrained u to the objective's x; null means x = u.</summary>
    public VectorBijector? Bijector { get; init; }

    /// <summary>Known true parameters (constrained space) for the distance column; default: none.</summary>
    public ImmutableArray<double> GroundTruth { get; init; } = [];

    /// <summary>CSV column names of the parameters; default p0, p1, ….</summary>
    public ImmutableArray<string> ParameterNames { get; init; } = [];

    /// <summary>Early stopping (patience and/or target); null for none.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Simulations one objective evaluation costs (e.g. the number of stimuli), default 1.</summary>
    public int SimulationsPerEvaluation { get; init; } = 1;

    /// <summary>Told every record as it is written (a live display, a log); null for none. Not part of the checkpoint.</summary>
    public IProgress<RunRecord>? Observer { get; init; }
}
