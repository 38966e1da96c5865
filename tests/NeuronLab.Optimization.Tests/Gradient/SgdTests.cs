using NeuronLab.Optimization.Gradient;

namespace NeuronLab.Optimization.Tests.Gradient;

public class SgdTests
{
    private static readonly double[][] s_gradients = [[0.5, -1.0], [0.1, 0.2], [-0.3, 0.4]];

    [Fact]
    public void Step_MomentumThreeGradients_MatchesHandComputedTorchReference()
    {
        // lr = 0.1, μ = 0.9, x₀ = (1, −2).
        // t = 1: b = g₁ = (0.5, −1);                      x₁ = x₀ − 0.1 b = (0.95, −1.9)
        // t = 2: b = 0.9 b + g₂ = (0.55, −0.7);           x₂ = (0.895, −1.83)
        // t = 3: b = 0.9 b + g₃ = (0.195, −0.23);         x₃ = (0.8755, −1.807)
        var sgd = new Sgd(0.1, Momentum: 0.9);
        AssertSteps(sgd, [[0.95, -1.9], [0.895, -1.83], [0.8755, -1.807]]);
    }

    [Fact]
    public void Step_NesterovThreeGradients_MatchesHandComputedTorchReference()
    {
        // Nesterov: d = g + μ b with the updated b.
        // t = 1: b = (0.5, −1),     d = (0.95, −1.9),     x₁ = (0.905, −1.81)
        // t = 2: b = (0.55, −0.7),  d = (0.595, −0.43),   x₂ = (0.8455, −1.767)
        // t = 3: b = (0.195, −0.23), d = (−0.1245, 0.193), x₃ = (0.85795, −1.7863)
        var sgd = new Sgd(0.1, Momentum: 0.9, Nesterov: true);
        AssertSteps(sgd, [[0.905, -1.81], [0.8455, -1.767], [0.85795, -1.7863]]);
    }

    [Fact]
    public void Step_NoMomentum_IsPlainGradientDescent()
    {
        var sgd = new Sgd(0.1);
        AssertSteps(sgd, [[0.95, -1.9], [0.94, -1.92], [0.97, -1.96]]);
    }

    [Fact]
    public void Init_NesterovWithoutMomentum_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Sgd(0.1, Nesterov: true).Init([1.0]));
    }

    private static void AssertSteps(Sgd sgd, double[][] expected)
    {
        var state = sgd.Init([1.0, -2.0]);
        for (var t = 0; t < 3; t++)
        {
            (var x, state) = sgd.Step(state, s_gradients[t]);
            for (var i = 0; i < 2; i++)
                Assert.Equal(expected[t][i], x[i], Math.Abs(expected[t][i]) * Tolerances.ReferenceStepRelative);
        }
    }
}
