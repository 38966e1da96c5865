using NeuronLab.Experiments.JonesKording;

namespace NeuronLab.Experiments.Tests.JonesKording;

/// <summary>The stimulus generator against the authors' stored stimuli, and the 184-compartment graph as the data give it.</summary>
public sealed class JkDataTests
{
    /// <summary>Generated traces compared with the authors' 600: the stored proportions carry a standard error of about
    /// √(p(1−p)/600) ≤ 0.02; four of those (plus the generator's own, 6× smaller) bound an honest difference.</summary>
    private const double ProportionTolerance = 0.08;

    [Fact]
    public void Generator_MatchesTheAuthorsStimuliInDistribution()
    {
        var stored = JkSetup.ReadStimuli().SelectMany(s => s).ToList();
        var generated = new JkStimulusGenerator().Generate(1000, 6, seed: 7).SelectMany(s => s).ToList();
        Assert.Equal(600, stored.Count);
        for (var changes = 0; changes <= 2; changes++)
        {
            var p = Proportion(stored, changes);
            var q = Proportion(generated, changes);
            Assert.True(Math.Abs(p - q) <= ProportionTolerance, $"{changes} visible changes: stored {p:F3}, generated {q:F3}");
        }
        // Mean level over the driven bins 1–46: within 4 standard errors of the stored traces' mean.
        var storedMeans = stored.Select(t => t[1..47].Average()).ToArray();
        var standardError = StandardDeviation(storedMeans) / Math.Sqrt(storedMeans.Length);
        var generatedMean = generated.Select(t => t[1..47].Average()).Average();
        Assert.True(Math.Abs(storedMeans.Average() - generatedMean) <= 4 * standardError,
            $"mean level: stored {storedMeans.Average():F2} ± {standardError:F2}, generated {generatedMean:F2}");
        Assert.All(generated, t => Assert.True(t[0] == 0 && t[47] == 0 && t.All(x => x >= 0 && x <= 19 && x == Math.Floor(x))));
    }

    [Fact]
    public void Generator_IsSeededAndLimitingStimulationOnlyZeroesTheOthers()
    {
        var generator = new JkStimulusGenerator(Levels: 10);
        var all = generator.Generate(5, 6, seed: 3);
        var again = generator.Generate(5, 6, seed: 3);
        var limited = generator.Generate(5, 6, seed: 3, stimulated: new HashSet<int> { 0, 5 });
        Assert.Equal(all.SelectMany(s => s.SelectMany(c => c)), again.SelectMany(s => s.SelectMany(c => c)));
        Assert.NotEqual(all.SelectMany(s => s.SelectMany(c => c)), generator.Generate(5, 6, seed: 4).SelectMany(s => s.SelectMany(c => c)));
        for (var s = 0; s < 5; s++)
            for (var c = 0; c < 6; c++)
                Assert.Equal(c is 0 or 5 ? all[s][c] : new double[48], limited[s][c]);
        Assert.All(all.SelectMany(s => s).SelectMany(t => t), x => Assert.InRange(x, 0, 9));
    }

    [Fact]
    public void GidonGraph_IsASomaTreePlusADetachedPieceWithALoop()
    {
        var tree = JkGidon184Experiment.ReadTree();
        Assert.Equal(184, tree.Total);
        Assert.Equal(151, tree.Count);
        Assert.Equal(33, tree.Detached.Length);
        Assert.Equal(33, tree.DetachedEdges); // as many edges as compartments: a loop
        Assert.Equal(150, tree.Edges.Count);
        Assert.Equal(23, tree.Edges.Count(e => e.Parent == 0));
        Assert.Equal(0, tree.Original[0]);
        Assert.Null(tree.Index(104));
        Assert.Equal(18, tree.Original[tree.Index(18)!.Value]);
    }

    private static double Proportion(IReadOnlyList<double[]> traces, int changes) =>
        traces.Count(t => Enumerable.Range(1, 45).Count(k => t[k + 1] != t[k]) == changes) / (double)traces.Count;

    private static double StandardDeviation(double[] x)
    {
        var mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }
}
