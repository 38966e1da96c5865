using NeuronLab.Optimization.Bijectors;
using NeuronLab.Optimization.Random;

namespace NeuronLab.Optimization.Tests.Bijectors;

public class BijectorTests
{
    public static TheoryData<string, Bijector> All => new()
    {
        { "identity", new IdentityBijector() },
        { "affine", new AffineBijector(2.5, -1.0) },
        { "log", new LogBijector() },
        { "log-shifted", new LogBijector(-3.0) },
        { "softplus", new SoftplusBijector() },
        { "softplus-shifted", new SoftplusBijector(10.0) },
        { "sigmoid", new SigmoidBijector(-80.0, -40.0) },
    };

    [Theory]
    [MemberData(nameof(All))]
    public void InverseOfForward_RandomPoints_ReturnsPoint(string name, Bijector bijector)
    {
        // u in [−8, 8]: beyond that the sigmoid saturates and the inverse is ill-conditioned by nature.
        var rng = new Xoshiro256StarStar(1);
        for (var k = 0; k < 200; k++)
        {
            var u = rng.NextUniform(-8, 8);
            var back = bijector.Inverse(bijector.Forward(u));
            // The inverse amplifies rounding of x by 1/(dx/du)·|x|; scale the tolerance by that condition number.
            var x = bijector.Forward(u);
            var condition = Math.Max(1.0, Math.Abs(x) / bijector.Derivative(u));
            Assert.True(Math.Abs(back - u) <= Tolerances.BijectorRoundTripRelative * condition * Math.Max(1, Math.Abs(u)),
                $"{name}: u = {u}, back = {back}");
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Derivative_RandomPoints_MatchesCentralFiniteDifference(string name, Bijector bijector)
    {
        var rng = new Xoshiro256StarStar(2);
        for (var k = 0; k < 200; k++)
        {
            var u = rng.NextUniform(-8, 8);
            var h = 1e-6 * Math.Max(1, Math.Abs(u));
            var fd = (bijector.Forward(u + h) - bijector.Forward(u - h)) / (2 * h);
            var exact = bijector.Derivative(u);
            // Central differences also carry rounding error ≈ ε·|F(u)|/h; allow 100 times that bound on top.
            var roundingBound = 100 * 2.220446049250313e-16 * Math.Abs(bijector.Forward(u)) / h;
            Assert.True(Math.Abs(fd - exact) <= Tolerances.FiniteDifferenceRelative * Math.Abs(exact) + roundingBound,
                $"{name}: u = {u}, fd = {fd}, exact = {exact}");
        }
    }

    [Fact]
    public void Sigmoid_ExtremeArguments_StaysInsideInterval()
    {
        var b = new SigmoidBijector(0.0, 1.0);
        Assert.Equal(1.0, b.Forward(800.0));
        Assert.Equal(0.0, b.Forward(-800.0));
        Assert.False(double.IsNaN(b.Derivative(-800.0)));
    }

    [Fact]
    public void Softplus_LargeAndTinyValues_InverseIsAccurate()
    {
        var b = new SoftplusBijector();
        Assert.Equal(1000.0, b.Inverse(1000.0), 1e-12);
        Assert.Equal(Math.Log(1e-12), b.Inverse(1e-12), 1e-9);
    }

    [Fact]
    public void Inverse_OutsideDomain_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogBijector().Inverse(0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SigmoidBijector(0, 1).Inverse(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AffineBijector(0.0, 1.0));
    }
}
