using NeuronLab.Model.Stimuli;

namespace NeuronLab.Model.Tests;

public sealed class WaveformTests
{
    [Fact]
    public void Step_IsOnFromStartForDuration()
    {
        var w = new StepWaveform(5, 2, 0.3);
        Assert.Equal(0.0, w.ValueAt(4.999));
        Assert.Equal(0.3, w.ValueAt(5.0));
        Assert.Equal(0.3, w.ValueAt(6.999));
        Assert.Equal(0.0, w.ValueAt(7.0));
    }

    [Fact]
    public void PulseTrain_RepeatsCountTimes()
    {
        var w = new PulseTrainWaveform(Start: 95, Duration: 5, Period: 100, Count: 2, Amplitude: 1);
        Assert.Equal(1.0, w.ValueAt(97));
        Assert.Equal(0.0, w.ValueAt(150));
        Assert.Equal(1.0, w.ValueAt(196));
        Assert.Equal(0.0, w.ValueAt(296));
    }

    [Fact]
    public void PiecewiseConstant_LooksUpBinsAndHoldsLast()
    {
        var w = new PiecewiseConstantWaveform(0, 0.1, [0, 1, 2, 3]);
        Assert.Equal(0.0, w.ValueAt(0.05));
        Assert.Equal(1.0, w.ValueAt(0.15));
        Assert.Equal(3.0, w.ValueAt(5.0)); // min(floor(t/0.1), last) as in Jones & Kording
        Assert.Equal(0.0, (w with { HoldLast = false }).ValueAt(5.0));
    }

    [Fact]
    public void Sampled_InterpolatesLinearly()
    {
        var w = new SampledWaveform([0, 1, 3], [0, 2, 0]);
        Assert.Equal(1.0, w.ValueAt(0.5), 14);
        Assert.Equal(1.0, w.ValueAt(2.0), 14);
        Assert.Equal(0.0, w.ValueAt(10));
    }

    [Fact]
    public void OrnsteinUhlenbeck_SeededAndStationary()
    {
        var w = new OrnsteinUhlenbeckWaveform(Mean: 0.2, Sigma: 0.05, Tau: 5, Seed: 11);
        var a = w.Realize(0.025, 400_000);
        Assert.Equal(a, w.Realize(0.025, 400_000));
        var mean = a.Average();
        var sd = Math.Sqrt(a.Select(x => (x - mean) * (x - mean)).Average());
        // 10 s of signal with a 5 ms correlation time: ~2000 independent samples, so the mean is within ~4·σ/√2000.
        Assert.InRange(mean, 0.2 - 0.005, 0.2 + 0.005);
        Assert.InRange(sd, 0.045, 0.055);
        Assert.NotEqual(a, (w with { Seed = 12 }).Realize(0.025, 400_000));
    }
}
