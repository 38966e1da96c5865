using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuronLab.Numerics;

/// <summary>
/// Hines elimination for symmetric tree-structured linear systems, batched over lanes.
/// </summary>
/// <remarks>
/// Node <c>i &gt; 0</c> is coupled only to <c>parent[i] &lt; i</c> through the off-diagonal entry
/// <c>offDiagonal[i]</c> (the same value in row i and row parent[i]; the matrix is symmetric, so the
/// transposed solve the adjoint needs is this same solve). Node 0 is the root and has no parent.
/// Arrays of the batched overloads are laid out <c>[node][lane]</c>: element <c>node * lanes + lane</c>.
/// The elimination runs leaves-to-root, so it costs O(n) per lane with no fill-in.
/// </remarks>
public static class TreeSolver
{
    /// <summary>
    /// Solves <c>A x = rhs</c> in place for one lane. <paramref name="diagonal"/> is overwritten by the
    /// factorisation and <paramref name="rhs"/> by the solution.
    /// </summary>
    /// <param name="parent">Parent index of every node; <c>parent[0]</c> is ignored and <c>parent[i] &lt; i</c>.</param>
    /// <param name="offDiagonal">Symmetric coupling between node i and its parent (<c>offDiagonal[0]</c> ignored).</param>
    /// <param name="diagonal">Diagonal entries; destroyed.</param>
    /// <param name="rhs">Right-hand side on entry, solution on exit.</param>
    public static void Solve(ReadOnlySpan<int> parent, ReadOnlySpan<double> offDiagonal, Span<double> diagonal, Span<double> rhs)
    {
        var n = parent.Length;
        CheckLengths(n, offDiagonal.Length, diagonal.Length, rhs.Length, lanes: 1);
        for (var i = n - 1; i > 0; i--)
        {
            var p = parent[i];
            var factor = offDiagonal[i] / diagonal[i];
            diagonal[p] -= factor * offDiagonal[i];
            rhs[p] -= factor * rhs[i];
        }
        rhs[0] /= diagonal[0];
        for (var i = 1; i < n; i++)
            rhs[i] = (rhs[i] - offDiagonal[i] * rhs[parent[i]]) / diagonal[i];
    }

    /// <summary>
    /// Solves the system for lanes <c>[laneStart, laneEnd)</c> of a batch of <paramref name="lanes"/> lanes that
    /// share the topology and off-diagonals but have their own diagonal and right-hand side.
    /// </summary>
    /// <remarks>
    /// Four lanes at a time with <see cref="Vector256{T}"/>, the leftover lanes one by one with the same operations in
    /// the same order (only +, −, ×, ÷, so each lane's result is the same on either path). A batch of one lane runs
    /// the single-lane loop.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Solve(
        ReadOnlySpan<int> parent, ReadOnlySpan<double> offDiagonal, Span<double> diagonal, Span<double> rhs,
        int lanes, int laneStart, int laneEnd)
    {
        var n = parent.Length;
        CheckLengths(n, offDiagonal.Length, diagonal.Length, rhs.Length, lanes);
        CheckLanes(lanes, laneStart, laneEnd);
        if (lanes == 1)
        {
            if (laneEnd > laneStart) Solve(parent, offDiagonal, diagonal, rhs);
            return;
        }
        ref var d = ref MemoryMarshal.GetReference(diagonal);
        ref var r = ref MemoryMarshal.GetReference(rhs);
        var vectorEnd = laneStart + (laneEnd - laneStart) / Width * Width;
        for (var i = n - 1; i > 0; i--)
        {
            var a = offDiagonal[i];
            var va = Vector256.Create(a);
            var row = i * lanes;
            var parentRow = ParentOf(parent, i) * lanes;
            var l = laneStart;
            for (; l < vectorEnd; l += Width)
            {
                var factor = va / Vector256.LoadUnsafe(ref d, (nuint)(row + l));
                (Vector256.LoadUnsafe(ref d, (nuint)(parentRow + l)) - factor * va).StoreUnsafe(ref d, (nuint)(parentRow + l));
                (Vector256.LoadUnsafe(ref r, (nuint)(parentRow + l)) - factor * Vector256.LoadUnsafe(ref r, (nuint)(row + l))).StoreUnsafe(ref r, (nuint)(parentRow + l));
            }
            for (; l < laneEnd; l++)
            {
                var factor = a / diagonal[row + l];
                diagonal[parentRow + l] -= factor * a;
                rhs[parentRow + l] -= factor * rhs[row + l];
            }
        }
        for (var l = laneStart; l < laneEnd; l++)
            rhs[l] /= diagonal[l];
        for (var i = 1; i < n; i++)
        {
            var a = offDiagonal[i];
            var va = Vector256.Create(a);
            var row = i * lanes;
            var parentRow = ParentOf(parent, i) * lanes;
            var l = laneStart;
            for (; l < vectorEnd; l += Width)
            {
                ((Vector256.LoadUnsafe(ref r, (nuint)(row + l)) - va * Vector256.LoadUnsafe(ref r, (nuint)(parentRow + l))) / Vector256.LoadUnsafe(ref d, (nuint)(row + l)))
                    .StoreUnsafe(ref r, (nuint)(row + l));
            }
            for (; l < laneEnd; l++)
                rhs[row + l] = (rhs[row + l] - a * rhs[parentRow + l]) / diagonal[row + l];
        }
    }

    /// <summary>
    /// Factorises the batched system in place for lanes <c>[laneStart, laneEnd)</c>: afterwards <paramref name="diagonal"/>
    /// holds the pivots of the Hines elimination, and <see cref="SolveFactored"/> solves for any number of right-hand
    /// sides (the forward sensitivities share one factorisation per step; the matrix is symmetric, so the adjoint's
    /// transposed solve is the same).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Factor(ReadOnlySpan<int> parent, ReadOnlySpan<double> offDiagonal, Span<double> diagonal, int lanes, int laneStart, int laneEnd)
    {
        var n = parent.Length;
        CheckLengths(n, offDiagonal.Length, diagonal.Length, diagonal.Length, lanes);
        CheckLanes(lanes, laneStart, laneEnd);
        ref var d = ref MemoryMarshal.GetReference(diagonal);
        var vectorEnd = laneStart + (laneEnd - laneStart) / Width * Width;
        for (var i = n - 1; i > 0; i--)
        {
            var a = offDiagonal[i];
            var aa = Vector256.Create(a);
            var row = i * lanes;
            var parentRow = ParentOf(parent, i) * lanes;
            var l = laneStart;
            for (; l < vectorEnd; l += Width)
                (Vector256.LoadUnsafe(ref d, (nuint)(parentRow + l)) - aa * aa / Vector256.LoadUnsafe(ref d, (nuint)(row + l))).StoreUnsafe(ref d, (nuint)(parentRow + l));
            for (; l < laneEnd; l++)
                diagonal[parentRow + l] -= a * a / diagonal[row + l];
        }
    }

    /// <summary>Solves with pivots from <see cref="Factor"/>; <paramref name="rhs"/> becomes the solution.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveFactored(ReadOnlySpan<int> parent, ReadOnlySpan<double> offDiagonal, ReadOnlySpan<double> pivots, Span<double> rhs, int lanes, int laneStart, int laneEnd)
    {
        var n = parent.Length;
        CheckLengths(n, offDiagonal.Length, pivots.Length, rhs.Length, lanes);
        CheckLanes(lanes, laneStart, laneEnd);
        ref var d = ref MemoryMarshal.GetReference(pivots);
        ref var r = ref MemoryMarshal.GetReference(rhs);
        var vectorEnd = laneStart + (laneEnd - laneStart) / Width * Width;
        for (var i = n - 1; i > 0; i--)
        {
            var a = offDiagonal[i];
            var va = Vector256.Create(a);
            var row = i * lanes;
            var parentRow = ParentOf(parent, i) * lanes;
            var l = laneStart;
            for (; l < vectorEnd; l += Width)
            {
                (Vector256.LoadUnsafe(ref r, (nuint)(parentRow + l)) - va / Vector256.LoadUnsafe(ref d, (nuint)(row + l)) * Vector256.LoadUnsafe(ref r, (nuint)(row + l)))
                    .StoreUnsafe(ref r, (nuint)(parentRow + l));
            }
            for (; l < laneEnd; l++)
                rhs[parentRow + l] -= a / pivots[row + l] * rhs[row + l];
        }
        for (var l = laneStart; l < laneEnd; l++)
            rhs[l] /= pivots[l];
        for (var i = 1; i < n; i++)
        {
            var a = offDiagonal[i];
            var va = Vector256.Create(a);
            var row = i * lanes;
            var parentRow = ParentOf(parent, i) * lanes;
            var l = laneStart;
            for (; l < vectorEnd; l += Width)
            {
                ((Vector256.LoadUnsafe(ref r, (nuint)(row + l)) - va * Vector256.LoadUnsafe(ref r, (nuint)(parentRow + l))) / Vector256.LoadUnsafe(ref d, (nuint)(row + l)))
                    .StoreUnsafe(ref r, (nuint)(row + l));
            }
            for (; l < laneEnd; l++)
                rhs[row + l] = (rhs[row + l] - a * rhs[parentRow + l]) / pivots[row + l];
        }
    }

    /// <summary>Doubles per <see cref="Vector256{T}"/>.</summary>
    private static int Width => Vector256<double>.Count;

    /// <summary>parent[i], checked to lie in the tree (the vector loops index without bounds checks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ParentOf(ReadOnlySpan<int> parent, int i)
    {
        var p = parent[i];
        if ((uint)p >= (uint)parent.Length) throw new ArgumentException($"parent[{i}] = {p} is not a node.", nameof(parent));
        return p;
    }

    private static void CheckLanes(int lanes, int laneStart, int laneEnd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(laneStart);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(laneEnd, lanes);
    }

    /// <summary>Checks that <paramref name="parent"/> describes a tree in Hines order (<c>parent[i] &lt; i</c>).</summary>
    public static void ValidateHinesOrder(ReadOnlySpan<int> parent)
    {
        for (var i = 1; i < parent.Length; i++)
        {
            if (parent[i] < 0 || parent[i] >= i)
                throw new ArgumentException($"parent[{i}] = {parent[i]} breaks Hines order (need 0 <= parent[i] < i).", nameof(parent));
        }
    }

    private static void CheckLengths(int n, int offDiagonal, int diagonal, int rhs, int lanes)
    {
        if (n == 0) throw new ArgumentException("The tree has no nodes.", "parent");
        if (offDiagonal != n) throw new ArgumentException($"offDiagonal has {offDiagonal} entries, expected {n}.", nameof(offDiagonal));
        if (diagonal != n * lanes) throw new ArgumentException($"diagonal has {diagonal} entries, expected {n * lanes}.", nameof(diagonal));
        if (rhs != n * lanes) throw new ArgumentException($"rhs has {rhs} entries, expected {n * lanes}.", nameof(rhs));
    }
}
