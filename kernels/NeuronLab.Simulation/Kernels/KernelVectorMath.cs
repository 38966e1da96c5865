using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuronLab.Simulation.Kernels;

/// <summary>
/// Loads, stores and math over <see cref="Vector256{T}"/> of doubles for generated kernels: four lanes (or, for a
/// batch of one, four instances) at a time.
/// </summary>
/// <remarks>
/// <para>A partial group (fewer than 4 lanes at the end of a block) is loaded padded with its first element, computed
/// with the same vector code and stored back element by element. Every lane therefore goes through the same
/// arithmetic whatever its position in the batch, so results do not depend on the block split or the batch size.</para>
/// <para>Accuracy: <see cref="Exp"/> and <see cref="Vector256.Log(Vector256{double})"/> are within 2 and 3 ulp of
/// <see cref="Math.Exp"/> and <see cref="Math.Log(double)"/> (tested in KernelVectorMathTests; overflow, underflow, NaN
/// and ±∞ as Math). Functions without a vector form (pow, tanh, sin, cos, exprelr derivatives) are evaluated element by
/// element with Math.</para>
/// </remarks>
public static class KernelVectorMath
{
    /// <summary>Elements per vector.</summary>
    public const int Width = 4;

    private const double ExprelSeriesBound = 1e-3;

    /// <summary><paramref name="count"/> (1–4) elements from <c>array[offset..]</c>; a partial group is padded with its first element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(double[] array, int offset, int count)
    {
        if (count == Width)
        {
            if ((uint)offset > (uint)(array.Length - Width)) ThrowRange();
            return Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)offset);
        }
        return LoadPartial(array, offset, count);
    }

    private static Vector256<double> LoadPartial(double[] array, int offset, int count)
    {
        var first = array[offset];
        return Vector256.Create(first, count > 1 ? array[offset + 1] : first, count > 2 ? array[offset + 2] : first, first);
    }

    /// <summary>Stores the first <paramref name="count"/> (1–4) elements of <paramref name="value"/> at <c>array[offset..]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double[] array, int offset, int count, Vector256<double> value)
    {
        if (count == Width)
        {
            if ((uint)offset > (uint)(array.Length - Width)) ThrowRange();
            value.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)offset);
            return;
        }
        StorePartial(array, offset, count, value);
    }

    private static void StorePartial(double[] array, int offset, int count, Vector256<double> value)
    {
        for (var k = 0; k < count; k++) array[offset + k] = value.GetElement(k);
    }

    /// <summary><c>array[offset + k] += value[k]</c> for the first <paramref name="count"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTo(double[] array, int offset, int count, Vector256<double> value)
    {
        if (count == Width)
        {
            if ((uint)offset > (uint)(array.Length - Width)) ThrowRange();
            ref var start = ref MemoryMarshal.GetArrayDataReference(array);
            (Vector256.LoadUnsafe(ref start, (nuint)offset) + value).StoreUnsafe(ref start, (nuint)offset);
            return;
        }
        for (var k = 0; k < count; k++) array[offset + k] += value.GetElement(k);
    }

    /// <summary><c>array[index[i + k]]</c> for k &lt; <paramref name="count"/>, padded with the first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Gather(double[] array, int[] index, int i, int count)
    {
        if (count == Width)
            return Vector256.Create(array[index[i]], array[index[i + 1]], array[index[i + 2]], array[index[i + 3]]);
        var first = array[index[i]];
        return Vector256.Create(first, count > 1 ? array[index[i + 1]] : first, count > 2 ? array[index[i + 2]] : first, first);
    }

    /// <summary>
    /// <c>array[index[i + k]·stride + offset]</c>: the same gather from a node-major array that holds <paramref name="stride"/>
    /// values per node (the tangents of every direction, side by side).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Gather(double[] array, int[] index, int i, int count, int stride, int offset)
    {
        var first = array[index[i] * stride + offset];
        if (count == Width)
            return Vector256.Create(first, array[index[i + 1] * stride + offset], array[index[i + 2] * stride + offset], array[index[i + 3] * stride + offset]);
        return Vector256.Create(first, count > 1 ? array[index[i + 1] * stride + offset] : first, count > 2 ? array[index[i + 2] * stride + offset] : first, first);
    }

    /// <summary><c>array[index[i + k]·stride + offset] += value[k]</c> in order k = 0, 1, … (see <see cref="ScatterAdd(double[], int[], int, int, Vector256{double})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScatterAdd(double[] array, int[] index, int i, int count, int stride, int offset, Vector256<double> value)
    {
        for (var k = 0; k < count; k++) array[index[i + k] * stride + offset] += value.GetElement(k);
    }

    /// <summary><c>array[index[i + k]] += value[k]</c> in order k = 0, 1, … (the scalar order, so repeated indices add up as they would one by one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScatterAdd(double[] array, int[] index, int i, int count, Vector256<double> value)
    {
        for (var k = 0; k < count; k++) array[index[i + k]] += value.GetElement(k);
    }

    /// <summary>
    /// True when every element of a comparison mask is set. Not <c>mask == AllBitsSet</c>: that compares as doubles,
    /// and an all-bits-set element is a NaN, never equal to anything.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllSet(Vector256<double> mask) => mask.ExtractMostSignificantBits() == (1u << Width) - 1;

    /// <summary>True when any element of a comparison mask is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnySet(Vector256<double> mask) => mask.ExtractMostSignificantBits() != 0;

    /// <summary>1.0 where <paramref name="condition"/> holds, else 0.0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Indicator(Vector256<double> condition) => condition & Vector256.Create(1.0);

    /// <summary><c>c ≠ 0 ? whenTrue : whenFalse</c> per element (NaN counts as true, as in C#).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Select(Vector256<double> c, Vector256<double> whenTrue, Vector256<double> whenFalse) =>
        Vector256.ConditionalSelect(Vector256.Equals(c, Vector256<double>.Zero), whenFalse, whenTrue);

    /// <summary>1.0 where x = 0, else 0.0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Not(Vector256<double> x) => Indicator(Vector256.Equals(x, Vector256<double>.Zero));

    /// <summary>1.0 where both are non-zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> And(Vector256<double> x, Vector256<double> y) =>
        Vector256.Create(1.0) & ~(Vector256.Equals(x, Vector256<double>.Zero) | Vector256.Equals(y, Vector256<double>.Zero));

    /// <summary>1.0 where either is non-zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Or(Vector256<double> x, Vector256<double> y) =>
        Vector256.Create(1.0) & ~(Vector256.Equals(x, Vector256<double>.Zero) & Vector256.Equals(y, Vector256<double>.Zero));

    private const double Log2E = 1.4426950408889634;          // 1/ln 2
    private const double Ln2High = 0.693147180369123816490;   // ln 2 to 32 bits: n·Ln2High is exact for |n| ≤ 2¹⁰
    private const double Ln2Low = 1.90821492927058770002e-10; // ln 2 − Ln2High
    private const double RoundingShifter = 6755399441055744.0; // 1.5·2⁵²: adding it rounds to an integer kept in the low mantissa bits
    private const double FastExpBound = 708.0;                // |x| below this: 2ⁿ is a normal double, no overflow or underflow

    /// <summary>
    /// eˣ, inlined into the generated kernels (<see cref="Vector256.Exp(Vector256{double})"/> is a call: every live
    /// vector register is spilled around each of the nine exponentials of an HH state update). x = n·ln 2 + r with
    /// |r| ≤ ln 2 / 2 (Cody–Waite, FMA), eʳ by its Taylor series to r¹³ (truncation below 0.05 ulp) in Estrin's form,
    /// 2ⁿ built in the exponent bits. |x| ≥ 708 (overflow, subnormals, ±∞) goes to the BCL routine; NaN passes through.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        if (AnySet(Vector256.GreaterThanOrEqual(Vector256.Abs(x), Vector256.Create(FastExpBound)))) return ExpOutsideFastRange(x);
        var shifted = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(RoundingShifter));
        var n = shifted - Vector256.Create(RoundingShifter);
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2High), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Low), r);
        var r2 = r * r;
        var r4 = r2 * r2;
        var p01 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0), Vector256.Create(1.0));
        var p23 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 6), Vector256.Create(1.0 / 2));
        var p45 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 120), Vector256.Create(1.0 / 24));
        var p67 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 5040), Vector256.Create(1.0 / 720));
        var p89 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 362880), Vector256.Create(1.0 / 40320));
        var p1011 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 39916800), Vector256.Create(1.0 / 3628800));
        var p1213 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 6227020800), Vector256.Create(1.0 / 479001600));
        var p03 = Vector256.FusedMultiplyAdd(r2, p23, p01);
        var p47 = Vector256.FusedMultiplyAdd(r2, p67, p45);
        var p811 = Vector256.FusedMultiplyAdd(r2, p1011, p89);
        var p07 = Vector256.FusedMultiplyAdd(r4, p47, p03);
        var p813 = Vector256.FusedMultiplyAdd(r4, p1213, p811);
        var p = Vector256.FusedMultiplyAdd(r4 * r4, p813, p07);
        // The low bits of `shifted` hold n (|n| ≤ 1022): n + 1023 shifted into the exponent field is 2ⁿ.
        var scale = Vector256.ShiftLeft(shifted.AsUInt64() + Vector256.Create(1023UL), 52).AsDouble();
        return p * scale;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> ExpOutsideFastRange(Vector256<double> x) => Vector256.Exp(x);

    /// <summary><c>(eˣ − 1)/x</c> as <see cref="KernelMath.Exprel"/>: series below 1e-3, else from the vector exp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exprel(Vector256<double> x)
    {
        var one = Vector256.Create(1.0);
        var series = one + x * (Vector256.Create(0.5) + x * (Vector256.Create(1.0 / 6.0) + x * Vector256.Create(1.0 / 24.0)));
        var direct = (Exp(x) - one) / x;
        return Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x), Vector256.Create(ExprelSeriesBound)), series, direct);
    }

    /// <summary>
    /// The <paramref name="order"/>-th derivative of <c>x/(eˣ − 1)</c> (<see cref="Numerics.Exprelr"/>), the same split as
    /// the scalar one: for |x| ≥ 1 the closed form in u = 1/(eˣ − 1) (order 0: x·u; order 1: u·(1 − x·eˣ·u)), below it
    /// the Taylor series, both over all four elements. Orders above 1 (not needed by first-order gradients) go through
    /// <see cref="Numerics.Exprelr.Derivative"/> element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exprelr(Vector256<double> x, int order) =>
        order > 1 ? Map(x, order, Numerics.Exprelr.Derivative) : Exprelr(x, Exp(x), order);

    /// <summary>
    /// <see cref="Exprelr(Vector256{double}, int)"/> of order 0 or 1 given <paramref name="e"/> = eˣ, so that a kernel
    /// needing exprelr and its derivative of one argument (a rate and its tangent) computes the exponential once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exprelr(Vector256<double> x, Vector256<double> e, int order)
    {
        if (order > 1) throw new ArgumentOutOfRangeException(nameof(order), order, "Orders above 1 have no vector form.");
        var one = Vector256.Create(1.0);
        var u = one / (e - one);
        // Order 1 as u·(1 − x·w) with w = eˣ·u (= 1 + u, but without cancelling for x ≪ 0, where the scalar form
        // x·(−u − u²) + u loses ~|x| ulp). Where eˣ overflows (x > 709.78) u is 0 and so is the result, as in the scalar
        // form (the true value is below 1e-305 in magnitude).
        var closed = order == 0
            ? x * u
            : Vector256.ConditionalSelect(Vector256.Equals(e, Vector256.Create(double.PositiveInfinity)), Vector256<double>.Zero,
                u * Vector256.FusedMultiplyAdd(-x, e * u, one));
        var series = ~Vector256.GreaterThanOrEqual(Vector256.Abs(x), Vector256.Create(Numerics.Exprelr.SeriesRadius)); // also NaN
        return AnySet(series) ? Vector256.ConditionalSelect(series, ExprelrSeries(x, order), closed) : closed;
    }

    // Even Taylor coefficients B_2k/(2k)! of x/(eˣ − 1), k = 0…12: for |x| < 1 the first omitted term (and, times 26,
    // that of the derivative) is below 1e-19.
    private static readonly double[] s_exprelrEven = [.. Enumerable.Range(0, 13).Select(k => Numerics.Exprelr.TaylorCoefficient(2 * k))];

    /// <summary>
    /// x/(eˣ − 1) (order 0) or its derivative (order 1) for |x| &lt; 1 by the Taylor series 1 − x/2 + Σ B_2k x^{2k}/(2k)!
    /// (the odd Bernoulli numbers past B₁ vanish), Horner in x² over all four elements (the scalar series element by
    /// element was an eighth of an IO step).
    /// </summary>
    private static Vector256<double> ExprelrSeries(Vector256<double> x, int order)
    {
        var y = x * x;
        var n = s_exprelrEven.Length - 1;
        if (order == 0)
        {
            var even = Vector256.Create(s_exprelrEven[n]);
            for (var k = n - 1; k >= 0; k--) even = Vector256.FusedMultiplyAdd(even, y, Vector256.Create(s_exprelrEven[k]));
            return Vector256.FusedMultiplyAdd(x, Vector256.Create(-0.5), even);
        }
        // d/dx: −1/2 + x·Σ_{k≥1} 2k·c_2k·y^{k−1}
        var odd = Vector256.Create(2 * n * s_exprelrEven[n]);
        for (var k = n - 1; k >= 1; k--) odd = Vector256.FusedMultiplyAdd(odd, y, Vector256.Create(2 * k * s_exprelrEven[k]));
        return Vector256.FusedMultiplyAdd(x, odd, Vector256.Create(-0.5));
    }

    /// <summary>Math.Pow element by element.</summary>
    public static Vector256<double> Pow(Vector256<double> x, Vector256<double> y) => Vector256.Create(
        Math.Pow(x.GetElement(0), y.GetElement(0)), Math.Pow(x.GetElement(1), y.GetElement(1)),
        Math.Pow(x.GetElement(2), y.GetElement(2)), Math.Pow(x.GetElement(3), y.GetElement(3)));

    /// <summary>Math.Tanh element by element.</summary>
    public static Vector256<double> Tanh(Vector256<double> x) => Map(x, Math.Tanh);

    /// <summary>Math.Sin element by element.</summary>
    public static Vector256<double> Sin(Vector256<double> x) => Map(x, Math.Sin);

    /// <summary>Math.Cos element by element.</summary>
    public static Vector256<double> Cos(Vector256<double> x) => Map(x, Math.Cos);

    private static Vector256<double> Map(Vector256<double> x, Func<double, double> f) =>
        Vector256.Create(f(x.GetElement(0)), f(x.GetElement(1)), f(x.GetElement(2)), f(x.GetElement(3)));

    private static Vector256<double> Map(Vector256<double> x, int order, Func<double, int, double> f) =>
        Vector256.Create(f(x.GetElement(0), order), f(x.GetElement(1), order), f(x.GetElement(2), order), f(x.GetElement(3), order));

    private static void ThrowRange() => throw new IndexOutOfRangeException("A kernel group reaches past the end of its array.");
}
