namespace NeuronLab.Optimization.Random;

/// <summary>
/// The complete, serializable state of a <see cref="Xoshiro256StarStar"/> generator: the four 64-bit words of
/// xoshiro256** plus the spare standard-normal value that Box–Muller produced alongside the last one handed out.
/// Saving this record in a checkpoint and building a new generator from it continues the stream bit for bit.
/// </summary>
/// <param name="S0">Word 0 of the xoshiro256** state.</param>
/// <param name="S1">Word 1 of the xoshiro256** state.</param>
/// <param name="S2">Word 2 of the xoshiro256** state.</param>
/// <param name="S3">Word 3 of the xoshiro256** state.</param>
/// <param name="HasSpareNormal">Whether <paramref name="SpareNormal"/> holds an unused normal draw.</param>
/// <param name="SpareNormal">The second value of the last Box–Muller pair (0 when none).</param>
public sealed record RngState(ulong S0, ulong S1, ulong S2, ulong S3, bool HasSpareNormal, double SpareNormal)
{
    /// <summary>
    /// Seeds a state with SplitMix64, as recommended by the xoshiro authors (Blackman &amp; Vigna), so that any
    /// 64-bit seed, including 0, gives a valid (not all-zero) state.
    /// </summary>
    /// <param name="seed">Any 64-bit seed; the same seed always gives the same stream.</param>
    public static RngState FromSeed(ulong seed)
    {
        var x = seed;
        var s0 = SplitMix64(ref x);
        var s1 = SplitMix64(ref x);
        var s2 = SplitMix64(ref x);
        var s3 = SplitMix64(ref x);
        return new RngState(s0, s1, s2, s3, false, 0.0);
    }

    internal static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
