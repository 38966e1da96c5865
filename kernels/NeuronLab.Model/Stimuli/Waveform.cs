using System.Collections.Immutable;

namespace NeuronLab.Model.Stimuli;

/// <summary>A current waveform over time [nA vs ms].</summary>
public abstract record Waveform
{
    /// <summary>The current at time <paramref name="t"/> [nA]. Stochastic waveforms must be realised first.</summary>
    public abstract double ValueAt(double t);
}

/// <summary>A rectangular step: <paramref name="Amplitude"/> nA for t ∈ [Start, Start + Duration) (NEURON's IClamp).</summary>
public sealed record StepWaveform(double Start, double Duration, double Amplitude) : Waveform
{
    public override double ValueAt(double t) => t >= Start && t < Start + Duration ? Amplitude : 0.0;
}

/// <summary><paramref name="Count"/> pulses of <paramref name="Duration"/> ms every <paramref name="Period"/> ms from <paramref name="Start"/>.</summary>
public sealed record PulseTrainWaveform(double Start, double Duration, double Period, int Count, double Amplitude) : Waveform
{
    public override double ValueAt(double t)
    {
        if (t < Start) return 0.0;
        var k = Math.Floor((t - Start) / Period);
        if (k >= Count) return 0.0;
        return t - Start - k * Period < Duration ? Amplitude : 0.0;
    }
}

/// <summary>
/// Piecewise constant in bins of <paramref name="BinWidth"/> ms from <paramref name="Start"/>: bin k holds
/// <c>Amplitudes[k]</c>. Before Start the current is 0; after the last bin it is the last value when
/// <paramref name="HoldLast"/> (the Jones &amp; Kording lookup <c>min(floor(t/0.1), 47)</c>), else 0.
/// </summary>
public sealed record PiecewiseConstantWaveform(double Start, double BinWidth, ImmutableArray<double> Amplitudes, bool HoldLast = true) : Waveform
{
    public override double ValueAt(double t)
    {
        if (t < Start || Amplitudes.IsEmpty) return 0.0;
        var k = (int)Math.Floor((t - Start) / BinWidth);
        if (k < Amplitudes.Length) return Amplitudes[k];
        return HoldLast ? Amplitudes[^1] : 0.0;
    }
}

/// <summary>Samples joined linearly; constant beyond the first and last sample.</summary>
public sealed record SampledWaveform(ImmutableArray<double> Times, ImmutableArray<double> Values) : Waveform
{
    public override double ValueAt(double t)
    {
        if (Times.Length != Values.Length || Times.IsEmpty) throw new InvalidOperationException("A sampled waveform needs equally many (at least one) times and values.");
        if (t <= Times[0]) return Values[0];
        if (t >= Times[^1]) return Values[^1];
        var i = Times.BinarySearch(t);
        if (i >= 0) return Values[i];
        i = ~i;
        var f = (t - Times[i - 1]) / (Times[i] - Times[i - 1]);
        return Values[i - 1] + f * (Values[i] - Values[i - 1]);
    }
}

/// <summary>
/// Ornstein–Uhlenbeck noise: mean <paramref name="Mean"/> nA, stationary standard deviation <paramref name="Sigma"/> nA,
/// correlation time <paramref name="Tau"/> ms, on during [Start, Stop), seeded. Realise it on the simulation's time
/// grid with <see cref="Realize"/>; the exact discretisation is used, so statistics do not depend on dt.
/// </summary>
public sealed record OrnsteinUhlenbeckWaveform(double Mean, double Sigma, double Tau, ulong Seed, double Start = 0, double Stop = double.PositiveInfinity) : Waveform
{
    public override double ValueAt(double t) =>
        throw new InvalidOperationException("Ornstein–Uhlenbeck noise has no closed form; call Realize(dt, steps) on the simulation grid.");

    /// <summary>Values at t = k·dt (held over each step), k = 0..steps−1, starting from the mean.</summary>
    public double[] Realize(double dt, int steps)
    {
        var values = new double[steps];
        var random = new Numerics.NormalRandom(Seed);
        var decay = Math.Exp(-dt / Tau);
        var kick = Sigma * Math.Sqrt(1 - decay * decay);
        var x = Mean;
        for (var k = 0; k < steps; k++)
        {
            var t = k * dt;
            values[k] = t >= Start && t < Stop ? x : 0.0;
            x = Mean + (x - Mean) * decay + kick * random.Next();
        }
        return values;
    }
}
