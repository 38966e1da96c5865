using NeuronLab.Optimization.Bijectors;
using NeuronLab.Optimization.Random;

namespace NeuronLab.Optimization.Tests.Bijectors;

public class VectorBijectorTests
{
    private static readonly VectorBijector s_bijector = new([new LogBijector(), new SigmoidBijector(-80, -40), new SoftplusBijector(), new AffineBijector(0.01, 1.0)]);

    [Fact]
    public void PullBackGradient_RandomPoints_MatchesFiniteDifferenceOfComposedObjective()
    {
        // f(x) = Σ c_i x_i² with c = (1, 0.01, 3, 100); check ∂(f∘Forward)/∂u against central differences.
        double[] c = [1, 0.01, 3, 100];
        double F(ReadOnlySpan<double> x) { var s = 0.0; for (var i = 0; i < x.Length; i++) s += c[i] * x[i] * x[i]; return s; }
        var rng = new Xoshiro256StarStar(5);
        for (var trial = 0; trial < 50; trial++)
        {
            var u = new double[4];
            for (var i = 0; i < 4; i++) u[i] = rng.NextUniform(-3, 3);
            var x = s_bijector.Forward(u);
            var gx = new double[4];
            for (var i = 0; i < 4; i++) gx[i] = 2 * c[i] * x[i];
            var gu = new double[4];
            s_bijector.PullBackGradient(u, gx, gu);
            for (var i = 0; i < 4; i++)
            {
                var h = 1e-6;
                var up = (double[])u.Clone(); up[i] += h;
                var dn = (double[])u.Clone(); dn[i] -= h;
                var fd = (F(s_bijector.Forward(up)) - F(s_bijector.Forward(dn))) / (2 * h);
                Assert.True(Math.Abs(fd - gu[i]) <= Tolerances.FiniteDifferenceRelative * Math.Max(Math.Abs(gu[i]), F(x) * 1e-3),
                    $"coordinate {i}: fd {fd}, pulled back {gu[i]}");
            }
        }
    }

    [Fact]
    public void InverseOfForward_VectorPoint_RoundTrips()
    {
        double[] x = [0.12, -65.0, 3.0, 0.99];
        var back = s_bijector.Forward(s_bijector.Inverse(x));
        for (var i = 0; i < 4; i++)
            Assert.Equal(x[i], back[i], Math.Abs(x[i]) * Tolerances.BijectorRoundTripRelative);
    }

    [Fact]
    public void Forward_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => s_bijector.Forward(new double[3]));
    }
}
