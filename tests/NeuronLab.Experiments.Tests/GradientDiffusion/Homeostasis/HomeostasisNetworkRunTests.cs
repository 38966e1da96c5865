using NeuronLab.Experiments.GradientDiffusion.Homeostasis;

namespace NeuronLab.Experiments.Tests.GradientDiffusion.Homeostasis;

public sealed class HomeostasisNetworkRunTests
{
    private static HomeostasisNetworkSettings Settings(double target = 4) =>
        new(new HomeostasisSettings(target, LearningRate: 3e-5, Forgetting: 1e-3, EstimatorTau: 1000, Duration: 2000, Seed: 10, RecordEvery: 20_000));

    [Fact]
    public void Connect_FollowsTheReferenceLaw()
    {
        var settings = Settings();
        var connections = HomeostasisNetworkRun.Connect(settings);
        Assert.Equal(settings.Cells * settings.SourcesPerCell, connections.Length);
        Assert.All(connections, c => Assert.NotEqual(c.Source, c.Target));
        Assert.All(Enumerable.Range(0, settings.Cells), k => Assert.Equal(settings.SourcesPerCell, connections.Count(c => c.Target == k)));
        Assert.All(connections, c => Assert.Equal((10.0, 1e-4), (c.Delay, c.Weight)));
    }

    [Fact]
    public void Simulate_ThreadCount_DoesNotChangeTheRun()
    {
        var one = HomeostasisNetworkRun.Simulate(Settings(), threads: 1);
        var two = HomeostasisNetworkRun.Simulate(Settings(), threads: 2);
        Assert.True(one.SpikeTimes.Sum(s => s.Length) >= 10, "too few spikes for the network to matter");
        for (var k = 0; k < one.SpikeTimes.Length; k++)
        {
            Assert.Equal(one.SpikeTimes[k], two.SpikeTimes[k]);
            Assert.Equal(one.Frequency[k], two.Frequency[k]);
            Assert.Equal(one.Parameters[k][2], two.Parameters[k][2]);
        }
    }

    [Fact]
    public void Simulate_Synapses_ChangeTheCellsSpiking()
    {
        // Not vacuous: the same cells without connections (weight 0) fire differently.
        var connected = HomeostasisNetworkRun.Simulate(Settings(), threads: 2);
        var isolated = HomeostasisNetworkRun.Simulate(Settings() with { SourcesPerCell = 0 }, threads: 2);
        Assert.Empty(HomeostasisNetworkRun.Connect(Settings() with { SourcesPerCell = 0 }));
        Assert.True(connected.SpikeTimes.Sum(s => s.Length) > isolated.SpikeTimes.Sum(s => s.Length),
            $"{connected.SpikeTimes.Sum(s => s.Length)} spikes connected vs {isolated.SpikeTimes.Sum(s => s.Length)} isolated: excitatory synapses should add spikes");
    }
}
