using NeuronLab.Experiments.GradientDiffusion.Homeostasis;

namespace NeuronLab.Experiments.Tests.GradientDiffusion.Homeostasis;

public sealed class EighhCellTests
{
    // Rounding only: the angular velocity is a ratio of O(1) products, and the period average sums 10⁴ of them.
    private const double EstimatorTolerance = 1e-9;

    [Theory]
    [InlineData(250.0, 0.3, 0.3)]  // circle, 4 Hz
    [InlineData(1000.0, 0.45, 0.1)] // flat ellipse, 1 Hz: ω is far from constant along the loop
    public void AngularVelocity_ClockwiseLoopAroundCentre_AveragesToLoopRate(double period, double radiusM, double radiusH)
    {
        // A spike takes (m, h) clockwise around (½, ½): m up, h down, m down, h up. One loop per period ⇒ 1000/period Hz.
        const int samples = 10_000;
        var sum = 0.0;
        for (var i = 0; i < samples; i++)
        {
            var phi = -2 * Math.PI * (i + 0.5) / samples;
            var dphi = -2 * Math.PI / period; // [rad/ms]
            var m = 0.5 + radiusM * Math.Cos(phi);
            var h = 0.5 + radiusH * Math.Sin(phi);
            var mDot = -radiusM * Math.Sin(phi) * dphi;
            var hDot = radiusH * Math.Cos(phi) * dphi;
            sum += EighhCell.AngularVelocity(m, h, mDot, hDot) * EighhCell.RadiansPerMsToHz;
        }
        Assert.Equal(1000 / period, sum / samples, EstimatorTolerance * 1000 / period);
    }

    [Fact]
    public void AngularVelocity_LoopNotEnclosingCentre_AveragesToZero()
    {
        // A sub-threshold wiggle near rest (m ≈ 0, h ≈ 1) does not go around (½, ½): no spike counted.
        const int samples = 10_000;
        var sum = 0.0;
        for (var i = 0; i < samples; i++)
        {
            var phi = -2 * Math.PI * (i + 0.5) / samples;
            var dphi = -2 * Math.PI / 100;
            sum += EighhCell.AngularVelocity(0.05 + 0.04 * Math.Cos(phi), 0.95 + 0.04 * Math.Sin(phi),
                -0.04 * Math.Sin(phi) * dphi, 0.04 * Math.Cos(phi) * dphi);
        }
        Assert.Equal(0, sum / samples, 1e-12);
    }

    [Theory]
    [InlineData(-77.0)]
    [InlineData(-53.0)]
    [InlineData(10.0)]  // α_n's removable singularity
    [InlineData(25.0)]  // α_m's removable singularity
    [InlineData(24.9)]
    [InlineData(40.0)]
    public void GateRateDerivatives_MatchCentralDifferences(double v)
    {
        // Central differences with h = 1e-5 mV: truncation h²·|f'''| ≈ 1e-10·O(1), rounding 1e-16·|f|/h ≈ 1e-11·|f|.
        const double h = 1e-5, tolerance = 1e-7;
        foreach (var rates in new Func<double, EighhCell.GateRates>[] { EighhCell.M, EighhCell.H, EighhCell.N })
        {
            var r = rates(v);
            var dAlpha = (rates(v + h).Alpha - rates(v - h).Alpha) / (2 * h);
            var dBeta = (rates(v + h).Beta - rates(v - h).Beta) / (2 * h);
            Assert.Equal(dAlpha, r.DAlpha, tolerance * Math.Max(1, Math.Abs(dAlpha)));
            Assert.Equal(dBeta, r.DBeta, tolerance * Math.Max(1, Math.Abs(dBeta)));
        }
    }

    [Fact]
    public void RestingGates_AtMinus53mV_MatchTheOldConvention()
    {
        // Hand values: α_h = 0.07e^{53/20} = 0.9903, β_h = 1/(e^{8.3}+1) = 2.485e-4; β_m = 4e^{53/18} = 76.07;
        // α_m = 0.1·78/(e^{7.8}−1) = 3.197e-3, α_n = 0.01·63/(e^{6.3}−1) = 1.155e-3.
        Assert.Equal(0.07 * Math.Exp(2.65), EighhCell.H(-53).Alpha, 1e-12);
        Assert.Equal(1 / (Math.Exp(8.3) + 1), EighhCell.H(-53).Beta, 1e-15);
        Assert.Equal(4 * Math.Exp(53.0 / 18), EighhCell.M(-53).Beta, 1e-10);
        Assert.Equal(0.1 * 78 / (Math.Exp(7.8) - 1), EighhCell.M(-53).Alpha, 1e-15);
        Assert.Equal(0.01 * 63 / (Math.Exp(6.3) - 1), EighhCell.N(-53).Alpha, 1e-15);
    }
}
