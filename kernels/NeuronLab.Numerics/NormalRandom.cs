namespace NeuronLab.Numerics;

/// <summary>
/// Standard normal draws from a seed, identical on every platform and .NET version (SplitMix64 + Box–Muller),
/// for stimuli that must be reproducible from their description alone.
/// </summary>
public sealed class NormalRandom(ulong seed)
{
    private ulong _state = seed;
    private double? _spare;

    /// <summary>Next uniform draw in (0, 1).</summary>
    public double NextUniform()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return ((z >> 11) + 0.5) * (1.0 / (1UL << 53));
    }

    /// <summary>Next standard normal draw.</summary>
    public double Next()
    {
        if (_spare is { } spare) { _spare = null; return spare; }
        var radius = Math.Sqrt(-2.0 * Math.Log(NextUniform()));
        var angle = 2.0 * Math.PI * NextUniform();
        _spare = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }
}
