namespace NeuronLab.Optimization.Random;

/// <summary>
/// xoshiro256** 1.0 (Blackman &amp; Vigna 2018), a small fast generator whose whole state is
/// <see cref="RngState"/>. Unlike <see cref="System.Random"/> its state can be checkpointed and restored.
/// The generator object is a short-lived cursor: build it from a state, draw, and read <see cref="State"/> back.
/// </summary>
/// <example>
/// <code>
/// var rng = new Xoshiro256StarStar(RngState.FromSeed(42));
/// double u = rng.NextUniform();   // in [0, 1)
/// double z = rng.NextStandardNormal();
/// RngState saved = rng.State;      // store in a checkpoint
/// </code>
/// </example>
public sealed class Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;
    private bool _hasSpare;
    private double _spare;

    /// <summary>Starts a generator at <paramref name="state"/>.</summary>
    public Xoshiro256StarStar(RngState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
            throw new ArgumentException("The all-zero state is not valid for xoshiro256**.", nameof(state));
        (_s0, _s1, _s2, _s3, _hasSpare, _spare) = (state.S0, state.S1, state.S2, state.S3, state.HasSpareNormal, state.SpareNormal);
    }

    /// <summary>Starts a generator from a seed (SplitMix64 seeding).</summary>
    public Xoshiro256StarStar(ulong seed) : this(RngState.FromSeed(seed)) { }

    /// <summary>The current state; building a generator from it continues this stream exactly.</summary>
    public RngState State => new(_s0, _s1, _s2, _s3, _hasSpare, _hasSpare ? _spare : 0.0);

    /// <summary>The next raw 64-bit output.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits: <c>(x &gt;&gt; 11) · 2⁻⁵³</c>.</summary>
    public double NextUniform() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextUniform(double low, double high) => low + (high - low) * NextUniform();

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>) (Lemire's unbiased method).</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        var range = (ulong)exclusiveMax;
        var product = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0 - range) % range;
            while (low < threshold)
                product = Math.BigMul(NextUInt64(), range, out low);
        }
        return (int)product;
    }

    /// <summary>
    /// A standard normal draw by the Box–Muller transform: from u₁ ∈ (0, 1], u₂ ∈ [0, 1),
    /// r = √(−2 ln u₁), returns r cos 2πu₂ and keeps r sin 2πu₂ for the next call.
    /// </summary>
    public double NextStandardNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            var s = _spare;
            _spare = 0.0;
            return s;
        }
        var u1 = 1.0 - NextUniform();
        var u2 = NextUniform();
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
        _spare = r * sin;
        _hasSpare = true;
        return r * cos;
    }

    /// <summary>Fills <paramref name="destination"/> with standard normal draws.</summary>
    public void FillStandardNormal(Span<double> destination)
    {
        for (var i = 0; i < destination.Length; i++)
            destination[i] = NextStandardNormal();
    }
}
