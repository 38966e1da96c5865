namespace NeuronLab.Experiments;

/// <summary>One reproducible experiment: a paper figure, a validation, a benchmark.</summary>
public interface IExperiment
{
    /// <summary>The name used on the command line, e.g. <c>validate-neuron</c>.</summary>
    string Name { get; }

    /// <summary>One line: what it shows.</summary>
    string Description { get; }

    /// <summary>Runs the experiment, writing its files under <see cref="ExperimentContext.OutputDirectory"/>.</summary>
    ExperimentReport Run(ExperimentContext context);
}
