using NeuronLab.Experiments.GradientDiffusion.Homeostasis;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Network;
using NeuronLab.Simulation.Network;

namespace NeuronLab.Experiments.Tests.GradientDiffusion.Homeostasis;

public sealed class HomeostasisLearnerTests
{
    /// <summary>
    /// With α = λ = 0 and no clipping, S is the exact derivative of the discrete forward-Euler trajectory, so it must
    /// equal central differences up to their own error. Relative step 1e-6: truncation O(h²) is negligible, rounding is
    /// ≈ 1e-16·|V|/h ≈ 1e-8 mV, amplified by the spikes; compared on the scale of the row's largest θ_j·∂x_k/∂θ_j
    /// (a log-derivative, so g_Na and gain rows are comparable), 1e-5 leaves two orders of margin for that amplification.
    /// </summary>
    private const double RelativeStep = 1e-6, Tolerance = 1e-5;

    [Fact]
    public void Sensitivities_OverSpikingRun_MatchCentralDifferences() => CheckSensitivities(gain: 0.2, () => null);

    /// <summary>
    /// The same check with synaptic events arriving (from a source lane whose spikes are routed by hand, so they do not
    /// depend on θ): the synapse's current and slope must enter the sensitivities exactly.
    /// </summary>
    [Fact]
    public void Sensitivities_WithSynapticEvents_MatchCentralDifferences() => CheckSensitivities(gain: 0.1, () =>
    {
        var site = Location.AtCompartment(0);
        var network = new LaneNetwork([new ExpSynapse("syn", site)], [new SpikeDetector("root", site)], [new Connection(1, "root", 0, "syn", 3e-4, 10)]);
        var router = new SpikeRouter(network, 2, 0.005);
        router.Route([new Spike(1, 0, 90), new Spike(1, 0, 300), new Spike(1, 0, 302), new Spike(1, 0, 640)]);
        return new HomeostasisLearner.SynapticInput(router, 0, 2, 0, HomeostasisNetworkSettings.MembraneArea);
    });

    private static void CheckSensitivities(double gain, Func<HomeostasisLearner.SynapticInput?> input)
    {
        // 1000 ms: several spikes (the estimator and every gate go through their nonlinear range).
        var settings = new HomeostasisSettings(3, LearningRate: 0, Forgetting: 0, EstimatorTau: 100, ClipBound: double.PositiveInfinity, Seed: 3);
        double[] theta = [120, 36, gain];
        const long steps = 200_000;
        var learner = new HomeostasisLearner(settings, theta);
        var spikes = 0;
        var synapse = input();
        var peak = 0.0;
        for (var n = 0; n < steps / 100; n++)
        {
            learner.Advance(100, _ => spikes++, synapse);
            peak = Math.Max(peak, learner.SynapticConductance);
        }
        Assert.True(spikes >= 3, $"only {spikes} spikes: the run does not exercise the spike");
        Assert.True(synapse is null || peak > 1e-4, $"the synapse never opened (peak {peak} µS)");

        for (var j = 0; j < 3; j++)
        {
            var h = RelativeStep * theta[j];
            var fd = new double[5];
            var plus = Final(j, +h);
            var minus = Final(j, -h);
            for (var k = 0; k < 5; k++) fd[k] = (plus[k] - minus[k]) / (2 * h);
            for (var k = 0; k < 5; k++)
            {
                var scale = Enumerable.Range(0, 3).Max(i => Math.Abs(theta[i] * learner.Sensitivity[k * 3 + i]));
                var error = Math.Abs(theta[j] * (learner.Sensitivity[k * 3 + j] - fd[k]));
                Assert.True(error <= Tolerance * scale, $"state {k}, parameter {j}: S = {learner.Sensitivity[k * 3 + j]}, FD = {fd[k]}");
            }
        }

        double[] Final(int j, double delta)
        {
            var p = (double[])theta.Clone();
            p[j] += delta;
            var run = new HomeostasisLearner(settings, p);
            run.Advance(steps, null, input());
            return run.State.ToArray();
        }
    }

    [Fact]
    public void Clipping_KeepsEverySensitivityGroupWithinBound()
    {
        var settings = new HomeostasisSettings(5, Seed: 2);
        var learner = new HomeostasisLearner(settings, [120, 36, 0.2]);
        for (var i = 0; i < 100; i++)
        {
            learner.Advance(1000);
            for (var k = 0; k < 5; k++)
            {
                var g = learner.Sensitivity.Slice(k * 3, 3);
                Assert.True(Math.Sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]) <= settings.ClipBound * (1 + 1e-12));
            }
            var e = learner.ErrorSensitivity;
            Assert.True(Math.Sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2]) <= settings.ClipBound * (1 + 1e-12));
        }
    }

    [Fact]
    public void Learning_RateBelowTarget_RaisesTheGain()
    {
        // 20 Hz is far above what the initial cell fires, so ∂ε/∂gain < 0 on average and the gain must grow.
        var settings = new HomeostasisSettings(20, LearningRate: 1e-4, Forgetting: 1e-3, EstimatorTau: 1000, Seed: 4);
        var learner = new HomeostasisLearner(settings);
        learner.Advance(4_000_000); // 20 s
        Assert.True(learner.Theta[2] > HomeostasisSettings.InitialParameters[2], $"gain {learner.Theta[2]}");
    }
}

/// <summary>The full-size claim for one target, at the reference's settings (4·10⁸ steps, several minutes).</summary>
public sealed class HomeostasisConvergenceTests
{
    // The experiment's tolerance and window (the "within 10 % at the end of the run").
    private const double Tolerance = 0.10, FinalWindowFraction = 0.25;

    [Fact]
    [Trait("Category", "Slow")]
    public void ReferenceSettings_3Hz_EstimatedRateWithinTenPercentAtTheEnd()
    {
        var settings = new HomeostasisSettings(3, Seed: 1003);
        var run = HomeostasisRun.Simulate(settings);
        var f = run.MeanFrequency(settings.Duration * (1 - FinalWindowFraction));
        Assert.True(Math.Abs(f - 3) <= Tolerance * 3, $"f = {f} Hz over the last quarter");
    }
}
