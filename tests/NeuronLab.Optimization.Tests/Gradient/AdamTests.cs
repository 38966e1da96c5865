using NeuronLab.Optimization.Gradient;

namespace NeuronLab.Optimization.Tests.Gradient;

public class AdamTests
{
    private static readonly double[][] s_gradients = [[0.5, -1.0], [0.1, 0.2], [-0.3, 0.4]];

    [Fact]
    public void Step_ThreeGivenGradients_MatchesHandComputedTorchReference()
    {
        // lr = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, x₀ = (1, −2), gradients g₁ = (0.5, −1), g₂ = (0.1, 0.2), g₃ = (−0.3, 0.4).
        // t = 1: m = 0.1 g₁ = (0.05, −0.1);  v = 0.001 g₁² = (0.00025, 0.001);  1 − β₁ = 0.1, √(1 − β₂) = √0.001
        //        x₁ = x₀ − (0.1/0.1) · m/(√v/√0.001 + 1e-8) = (1 − 0.05/0.50000001, −2 + 0.1/1.00000001)
        //           = (0.900000002, −1.900000001)
        // t = 2: m = 0.9 m + 0.1 g₂ = (0.055, −0.07);  v = 0.999 v + 0.001 g₂² = (0.00025975, 0.001039)
        //        step size 0.1/(1 − 0.81) = 0.526315…, √(1 − 0.998001) = √0.001999
        //        x₂ = (0.81969590638465173, −1.8488973939904945)
        // t = 3: m = (0.0195, −0.023);  v = (0.00034949025, 0.001197961)
        //        x₃ = (0.79862461176350796, −1.835473434208156)
        // (Same formulas evaluated in Python doubles.)
        var adam = new Adam(LearningRate: 0.1);
        var state = adam.Init([1.0, -2.0]);
        double[][] expected = [[0.900000002, -1.900000001], [0.81969590638465173, -1.8488973939904945], [0.79862461176350796, -1.835473434208156]];
        for (var t = 0; t < 3; t++)
        {
            (var x, state) = adam.Step(state, s_gradients[t]);
            for (var i = 0; i < 2; i++)
                Assert.Equal(expected[t][i], x[i], Math.Abs(expected[t][i]) * Tolerances.ReferenceStepRelative);
        }
        Assert.Equal(3, state.Step);
        Assert.Equal(0.0195, state.M[0], 0.0195 * Tolerances.ReferenceStepRelative);
        Assert.Equal(0.001197961, state.V[1], 0.001197961 * Tolerances.ReferenceStepRelative);
    }

    [Fact]
    public void Step_AmsGradWithShrinkingGradient_UsesMaximumSecondMoment()
    {
        // g₁ = 1, g₂ = 0: v₂ = 0.999·0.001 = 0.000999 < v̂ = max(0.001, 0.000999) = 0.001.
        // x₂ = x₁ − (0.1/0.19)·0.09/(√0.001/√0.001999 + 1e-8).
        var adam = new Adam(LearningRate: 0.1, AmsGrad: true);
        var state = adam.Init([0.0]);
        (var x1, state) = adam.Step(state, [1.0]);
        (var x2, state) = adam.Step(state, [0.0]);
        var expected = x1[0] - 0.1 / 0.19 * 0.09 / (Math.Sqrt(0.001) / Math.Sqrt(1 - 0.999 * 0.999) + 1e-8);
        Assert.Equal(expected, x2[0], Math.Abs(expected) * Tolerances.ReferenceStepRelative);
        Assert.Equal(0.001, state.VMax[0], 0.001 * Tolerances.ReferenceStepRelative);
    }

    [Fact]
    public void Step_WeightDecay_AddsL2TermToGradient()
    {
        // Weight decay λ = 0.5 at x = 2 with zero gradient acts as g = 1: the first step is −lr·sign(g)·(1 − 1e-8).
        var adam = new Adam(LearningRate: 0.1, WeightDecay: 0.5);
        var (x, _) = adam.Step(adam.Init([2.0]), [0.0]);
        Assert.Equal(2.0 - 0.1 / (1 + 1e-8), x[0], 2.0 * Tolerances.ReferenceStepRelative);
    }

    [Fact]
    public void Step_QuadraticBowl_ConvergesToMinimum()
    {
        // f = Σ (i+1)(x_i − 1)²; Adam with lr 0.05 and 2000 steps lands within 1e-3 (its steady oscillation ~ lr·ε-scale).
        const double ConvergedTolerance = 1e-3;
        var adam = new Adam(LearningRate: 0.05);
        var state = adam.Init([5.0, -3.0, 0.0]);
        var g = new double[3];
        for (var k = 0; k < 2000; k++)
        {
            for (var i = 0; i < 3; i++) g[i] = 2 * (i + 1) * (state.X[i] - 1);
            (_, state) = adam.Step(state, g);
        }
        Assert.All(state.X, v => Assert.Equal(1.0, v, ConvergedTolerance));
    }

    [Fact]
    public void Step_WrongGradientLength_Throws()
    {
        var adam = new Adam();
        Assert.Throws<ArgumentException>(() => adam.Step(adam.Init([1.0, 2.0]), [1.0]));
    }
}
