using System.Runtime.Intrinsics;
using NeuronLab.Simulation.Kernels;

namespace NeuronLab.Simulation.Tests;

/// <summary>The vector math of generated kernels against <see cref="Math"/> and the scalar exprelr.</summary>
public sealed class KernelVectorMathTests
{
    /// <summary>
    /// The inlined exp: Cody–Waite reduction, a 13th-degree Taylor polynomial (truncation below 0.05 ulp) and the
    /// roundings of about ten FMAs; the BCL's Vector256.Exp is specified to the same 2 ulp.
    /// </summary>
    private const double ExpUlps = 2;

    /// <summary>Series (|x| &lt; 1: a dozen FMAs) or x·(1/(eˣ − 1)) (exp's 2 ulp, a subtraction, a division, a product).</summary>
    private const double ExprelrUlps = 8;

    [Theory]
    [InlineData(-1e-3, 1e-3)]
    [InlineData(-1, 1)]
    [InlineData(-50, 50)]
    [InlineData(-707.9, 707.9)]  // the fast path's range (|x| < 708)
    [InlineData(700, 709.7)]     // the BCL fallback near overflow
    [InlineData(-745, -700)]     // the fallback through the subnormals
    public void Exp_OnRandomPoints_IsWithinTwoUlpOfMathExp(double low, double high)
    {
        var random = new Random(7);
        var worst = 0.0;
        for (var k = 0; k < 50_000; k++)
        {
            var x = Vector256.Create(Draw(), Draw(), Draw(), Draw());
            var y = KernelVectorMath.Exp(x);
            for (var j = 0; j < 4; j++) worst = Math.Max(worst, Ulps(Math.Exp(x[j]), y[j]));
        }
        Assert.True(worst <= ExpUlps, $"worst {worst} ulp on [{low}, {high}]");
        double Draw() => low + (high - low) * random.NextDouble();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(709.78)]
    [InlineData(710.0)]
    [InlineData(-708.0)]
    [InlineData(-746.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void Exp_AtEdges_AgreesWithMathExp(double x)
    {
        var expected = Math.Exp(x);
        var actual = KernelVectorMath.Exp(Vector256.Create(x));
        for (var j = 0; j < 4; j++)
        {
            if (double.IsNaN(expected) || double.IsInfinity(expected) || expected == 0) Assert.Equal(expected, actual[j]);
            else Assert.True(Ulps(expected, actual[j]) <= ExpUlps, $"exp({x}) = {actual[j]}, Math {expected}");
        }
    }

    [Fact]
    public void Exp_MixedFastAndSlowElements_EachAsAlone()
    {
        var x = Vector256.Create(-3.0, 709.5, double.NaN, -720.0);
        var y = KernelVectorMath.Exp(x);
        for (var j = 0; j < 4; j++)
            Assert.Equal(KernelVectorMath.Exp(Vector256.Create(x[j]))[j], y[j]);
    }

    [Fact]
    public void Exprelr_SeriesAndClosedForm_AgreeWithTheScalarExprelr()
    {
        // Points on both sides of the series radius (|x| = 1), at 0 and in mixed vectors (series and closed form in one).
        var random = new Random(11);
        var worst = 0.0;
        for (var k = 0; k < 50_000; k++)
        {
            var x = Vector256.Create(-3 + 6 * random.NextDouble(), -1.2 + 2.4 * random.NextDouble(), 1e-3 * (random.NextDouble() - 0.5), k % 7 == 0 ? 0.0 : -40 + 80 * random.NextDouble());
            var y = KernelVectorMath.Exprelr(x, 0);
            for (var j = 0; j < 4; j++) worst = Math.Max(worst, Ulps(Numerics.Exprelr.Value(x[j]), y[j]));
        }
        Assert.True(worst <= ExprelrUlps, $"worst {worst} ulp");
        Assert.True(double.IsNaN(KernelVectorMath.Exprelr(Vector256.Create(double.NaN), 0)[0]));
    }

    [Fact]
    public void MaskTests_AreBitwiseNotFloatingPointComparisons()
    {
        var all = Vector256.Equals(Vector256.Create(1.0), Vector256.Create(1.0)); // every element all-bits-set (a NaN)
        var one = Vector256.Equals(Vector256.Create(1.0, 2.0, 1.0, 1.0), Vector256.Create(1.0));
        Assert.True(KernelVectorMath.AllSet(all));
        Assert.False(KernelVectorMath.AllSet(one));
        Assert.True(KernelVectorMath.AnySet(one));
        Assert.False(KernelVectorMath.AnySet(Vector256<double>.Zero));
    }

    /// <summary>|actual − expected| in units of the last place of expected.</summary>
    private static double Ulps(double expected, double actual) =>
        expected == actual ? 0 : Math.Abs(actual - expected) / (Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected));
}
