using NeuronLab.Numerics;

namespace NeuronLab.Numerics.Tests;

public sealed class ExprelrTests
{
    /// <summary>Agreement required between the series and closed-form branches at the switch point (relative).</summary>
    private const double BranchAgreement = 1e-12;

    /// <summary>Central differences with h = 1e-5 have truncation ≈ h²·f'''/6 ≈ 1e-11 and rounding ≈ 1e-16/h ≈ 1e-11.</summary>
    private const double FiniteDifferenceTolerance = 1e-8;

    [Fact]
    public void Value_AtZero_IsOne() => Assert.Equal(1.0, Exprelr.Value(0.0));

    [Theory]
    [InlineData(-30.0)]
    [InlineData(-3.0)]
    [InlineData(-1.0)]
    [InlineData(-0.5)]
    [InlineData(1e-8)]
    [InlineData(0.3)]
    [InlineData(2.0)]
    [InlineData(40.0)]
    public void Value_MatchesDefinition(double x)
    {
        var expected = x / (Math.Exp(x) - 1.0);
        Assert.True(Math.Abs(Exprelr.Value(x) - expected) <= 1e-7 * Math.Abs(expected), $"{Exprelr.Value(x)} vs {expected}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Derivative_ContinuousAcrossSeriesBoundary(int order)
    {
        foreach (var edge in new[] { -Exprelr.SeriesRadius, Exprelr.SeriesRadius })
        {
            var inside = Exprelr.Derivative(edge * (1 - 1e-13), order);
            var outside = Exprelr.Derivative(edge * (1 + 1e-13), order);
            Assert.True(Math.Abs(inside - outside) <= BranchAgreement * Math.Max(1, Math.Abs(inside)), $"order {order} at {edge}: {inside} vs {outside}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Derivative_MatchesCentralDifferenceOfLowerOrder(int order)
    {
        const double h = 1e-5;
        foreach (var x in new[] { -12.0, -2.5, -1.0, -0.4, 0.0, 1e-4, 0.7, 1.0, 3.3, 15.0 })
        {
            var fd = (Exprelr.Derivative(x + h, order - 1) - Exprelr.Derivative(x - h, order - 1)) / (2 * h);
            var exact = Exprelr.Derivative(x, order);
            Assert.True(Math.Abs(fd - exact) <= FiniteDifferenceTolerance * Math.Max(1, Math.Abs(exact)), $"order {order} at {x}: exact {exact}, fd {fd}");
        }
    }

    [Fact]
    public void Derivative_FirstOrder_MatchesClosedForm()
    {
        foreach (var x in new[] { -5.0, -0.001, 0.25, 2.0, 8.0 })
        {
            var e = Math.Exp(x);
            var closed = (e - 1 - x * e) / ((e - 1) * (e - 1));
            Assert.True(Math.Abs(Exprelr.Derivative(x, 1) - closed) <= 1e-9 * Math.Max(1, Math.Abs(closed)), $"at {x}");
        }
        Assert.Equal(-0.5, Exprelr.Derivative(0, 1), 15);
        Assert.Equal(1.0 / 6.0, Exprelr.Derivative(0, 2), 15);
    }

    [Fact]
    public void Derivative_OrderOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Exprelr.Derivative(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Exprelr.Derivative(0, Exprelr.MaxOrder + 1));
    }

    [Fact]
    public void NormalRandom_SameSeed_SameDraws_WithUnitVariance()
    {
        var a = new NormalRandom(42);
        var b = new NormalRandom(42);
        var draws = Enumerable.Range(0, 20000).Select(_ => a.Next()).ToArray();
        Assert.Equal(draws.Take(10), Enumerable.Range(0, 10).Select(_ => b.Next()));
        Assert.InRange(draws.Average(), -0.03, 0.03);        // 4 standard errors of the mean (1/√20000 ≈ 0.007)
        Assert.InRange(draws.Select(x => x * x).Average(), 0.96, 1.04);
    }
}
