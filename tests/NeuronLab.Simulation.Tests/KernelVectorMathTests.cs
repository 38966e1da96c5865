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

    /// <summary>
    /// Series (|x| &lt; 1: a dozen FMAs) or the closed forms in u = 1/(eˣ − 1) (exp's 2 ulp, a subtraction, a division, a
    /// product or two): against mpmath at 40 digits the vector forms are within 3.1 ulp (order 0) and 7.5 ulp (order 1),
    /// the scalar ones within 1.9 ulp (order 0) over −40 ≤ x ≤ 40.
    /// </summary>
    private const double ExprelrUlps = 8;

    /// <summary>
    /// The scalar reference's own error (mpmath, 40 digits): order 0 within 1.9 ulp; order 1, x·(−u − u²) + u, 2.6–3.8 ulp
    /// near x = 1 and about |x| ulp for x ≪ 0, where 1 + u cancels (54.6 ulp at x = −37.4).
    /// </summary>
    private static double ScalarUlps(double x, int order) => order == 0 ? 2 : 4 + 1.5 * Math.Abs(x);

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

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)] // element by element through the scalar code
    public void Exprelr_SeriesAndClosedForm_AgreeWithTheScalarExprelr(int order)
    {
        // Points on both sides of the series radius (|x| = 1), at 0 and in mixed vectors (series and closed form in one).
        var random = new Random(11);
        var worst = 0.0;
        for (var k = 0; k < 50_000; k++)
        {
            var x = Vector256.Create(-3 + 6 * random.NextDouble(), -1.2 + 2.4 * random.NextDouble(), 1e-3 * (random.NextDouble() - 0.5), k % 7 == 0 ? 0.0 : -40 + 80 * random.NextDouble());
            var y = KernelVectorMath.Exprelr(x, order);
            for (var j = 0; j < 4; j++)
                worst = Math.Max(worst, Ulps(Numerics.Exprelr.Derivative(x[j], order), y[j]) / (ExprelrUlps + ScalarUlps(x[j], order)));
        }
        Assert.True(worst <= 1, $"order {order}: worst {worst} of the allowance");
        Assert.True(double.IsNaN(KernelVectorMath.Exprelr(Vector256.Create(double.NaN), order)[0]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Exprelr_WhereTheExponentialOverflowsOrUnderflows_StaysFiniteLikeTheScalar(int order)
    {
        // A steep gate (slope 1/mV) reaches such arguments within the simulator's voltage limit.
        foreach (var x in new[] { 700.0, 709.7, 710.0, 800.0, 1000.0, -700.0, -745.0, -800.0, -1000.0 })
        {
            var expected = Numerics.Exprelr.Derivative(x, order);
            var actual = KernelVectorMath.Exprelr(Vector256.Create(x), order)[0];
            Assert.True(double.IsFinite(actual), $"order {order} at {x}: {actual}");
            Assert.True(Math.Abs(actual - expected) <= 1e-15 * Math.Max(1, Math.Abs(expected)), $"order {order} at {x}: {actual} vs {expected}");
        }
    }

    [Fact]
    public void Exprelr_GivenTheExponential_EqualsComputingIt()
    {
        var x = Vector256.Create(-2.5, 0.3, 4.0, -0.9);
        for (var order = 0; order <= 1; order++)
            Assert.Equal(KernelVectorMath.Exprelr(x, order), KernelVectorMath.Exprelr(x, KernelVectorMath.Exp(x), order));
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
