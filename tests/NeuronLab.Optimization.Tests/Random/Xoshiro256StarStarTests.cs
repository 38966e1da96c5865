using NeuronLab.Optimization.Random;

namespace NeuronLab.Optimization.Tests.Random;

public class Xoshiro256StarStarTests
{
    [Fact]
    public void FromSeed_Zero_FirstWordIsSplitMix64ReferenceValue()
    {
        // SplitMix64 from state 0: the first output is 0xE220A8397B1DCDAF (Vigna's splitmix64.c).
        Assert.Equal(0xE220A8397B1DCDAFUL, RngState.FromSeed(0).S0);
    }

    [Fact]
    public void NextUInt64_SeedZero_MatchesIndependentImplementation()
    {
        // Produced by a separate Python transcription of xoshiro256** 1.0 (prng.di.unimi.it/xoshiro256starstar.c)
        // seeded by SplitMix64(0).
        var rng = new Xoshiro256StarStar(0);
        Assert.Equal(0x99ec5f36cb75f2b4UL, rng.NextUInt64());
        Assert.Equal(0xbf6e1f784956452aUL, rng.NextUInt64());
        Assert.Equal(0x1a5f849d4933e6e0UL, rng.NextUInt64());
    }

    [Fact]
    public void State_SavedMidStreamWithSpareNormal_ContinuesBitIdentically()
    {
        var a = new Xoshiro256StarStar(42);
        for (var i = 0; i < 7; i++) a.NextStandardNormal(); // odd count: a spare normal is pending
        var saved = a.State;
        Assert.True(saved.HasSpareNormal);
        var json = NeuronLab.Optimization.Records.CheckpointFile.Serialize(saved);
        var b = new Xoshiro256StarStar(NeuronLab.Optimization.Records.CheckpointFile.Deserialize<RngState>(json));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.NextStandardNormal()), BitConverter.DoubleToInt64Bits(b.NextStandardNormal()));
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }
    }

    [Fact]
    public void NextStandardNormal_200000Draws_MeanAndVarianceWithinSamplingError()
    {
        // Standard error of the mean is 1/√N ≈ 0.0022 and of the variance √(2/N) ≈ 0.0032; 5 standard errors.
        const int N = 200_000;
        const double MeanTolerance = 5 * 0.0022;
        const double VarianceTolerance = 5 * 0.0032;
        var rng = new Xoshiro256StarStar(7);
        double sum = 0, sum2 = 0;
        for (var i = 0; i < N; i++)
        {
            var z = rng.NextStandardNormal();
            sum += z;
            sum2 += z * z;
        }
        var mean = sum / N;
        Assert.InRange(mean, -MeanTolerance, MeanTolerance);
        Assert.InRange(sum2 / N - mean * mean, 1 - VarianceTolerance, 1 + VarianceTolerance);
    }

    [Fact]
    public void NextUniform_ManyDraws_InHalfOpenUnitIntervalWithMeanOneHalf()
    {
        // Standard error of the mean of U(0,1) is √(1/12/N) ≈ 0.00091 for N = 100 000; 5 standard errors.
        const double MeanTolerance = 5 * 0.00091;
        var rng = new Xoshiro256StarStar(3);
        var sum = 0.0;
        for (var i = 0; i < 100_000; i++)
        {
            var u = rng.NextUniform();
            Assert.InRange(u, 0.0, Math.BitDecrement(1.0));
            sum += u;
        }
        Assert.InRange(sum / 100_000, 0.5 - MeanTolerance, 0.5 + MeanTolerance);
    }

    [Fact]
    public void NextInt_Range7_AllValuesAppearAndStayInRange()
    {
        var rng = new Xoshiro256StarStar(11);
        var counts = new int[7];
        for (var i = 0; i < 7000; i++) counts[rng.NextInt(7)]++;
        Assert.All(counts, c => Assert.InRange(c, 800, 1200)); // expected 1000, σ ≈ 29
    }
}
