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
        new GradientDiffusion.GdFig2FitExperiment(GradientDiffusion.IoFitParameters.Paper17),
        new GradientDiffusion.GdFig2FitExperiment(GradientDiffusion.IoFitParameters.Conductances12),
        new GradientDiffusion.GdHomeostasisExperiment(),
        new JonesKording.JkFig3Experiment(),
        new JonesKording.JkFig4Experiment(),
        new JonesKording.JkGidon184Experiment(),
    ];

    public static IExperiment? Find(string name) => All.FirstOrDefault(e => e.Name == name);
}
