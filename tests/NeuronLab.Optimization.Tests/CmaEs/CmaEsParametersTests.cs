using NeuronLab.Optimization.CmaEs;

namespace NeuronLab.Optimization.Tests.CmaEs;

public class CmaEsParametersTests
{
    [Fact]
    public void Constructor_Dimension10Active_MatchesTutorialTable1()
    {
        // Hand-evaluated (Python) from Table 1 of arXiv:1604.00772 for n = 10, λ = 10:
        // μ_eff = 3.1672992814107026, c_1 = 0.015283824524751714, c_μ = 0.02015428276120838,
        // c_σ = 0.2844285879463675, d_σ = 1.2844285879463675, c_c = 0.29499038303562225,
        // negative weights sum to −min(α⁻_μ, α⁻_μeff, α⁻_posdef) = −1.7583412769304299.
        var p = new CmaEsParameters(10, null, active: true);
        Assert.Equal(10, p.Lambda);
        Assert.Equal(5, p.Mu);
        AssertClose(3.1672992814107026, p.MuEff);
        AssertClose(0.015283824524751714, p.C1);
        AssertClose(0.02015428276120838, p.CMu);
        AssertClose(0.2844285879463675, p.CSigma);
        AssertClose(1.2844285879463675, p.DSigma);
        AssertClose(0.29499038303562225, p.Cc);
        AssertClose(1.0, p.Weights.Take(5).Sum());
        AssertClose(-1.7583412769304299, p.Weights.Skip(5).Sum());
        Assert.True(p.Weights.Skip(5).All(w => w < 0));
    }

    [Fact]
    public void Constructor_Passive_NegativeWeightsAreZero()
    {
        var p = new CmaEsParameters(10, null, active: false);
        Assert.All(p.Weights.Skip(5), w => Assert.Equal(0.0, w));
        AssertClose(1.0, p.WeightSum);
    }

    [Theory]
    [InlineData(2, 6)]
    [InlineData(5, 8)]
    [InlineData(10, 10)]
    [InlineData(20, 12)]
    [InlineData(100, 17)]
    public void DefaultPopulationSize_Dimension_Is4Plus3LogN(int n, int lambda) =>
        Assert.Equal(lambda, CmaEsParameters.DefaultPopulationSize(n));

    private static void AssertClose(double expected, double actual) =>
        Assert.Equal(expected, actual, Math.Abs(expected) * Tolerances.ReferenceStepRelative);
}
