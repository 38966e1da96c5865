using NeuronLab.Experiments.Validation;

namespace NeuronLab.Experiments;

/// <summary>Every experiment the command line knows, by name.</summary>
public static class ExperimentCatalogue
{
    public static IReadOnlyList<IExperiment> All { get; } =
    [
        new ValidateNeuronExperiment(),
        new Benchmarks.BenchExperiment(),
        new GradientDiffusion.GdFig1Experiment(),
        new GradientDiffusion.GdFig2Experiment(),
        new GradientDiffusion.GdFig2fExperiment(),
        new GradientDiffusion.GdHomeostasisExperiment(),
        new JonesKording.JkFig3Experiment(),
        new JonesKording.JkFig4Experiment(),
    ];

    public static IExperiment? Find(string name) => All.FirstOrDefault(e => e.Name == name);
}
