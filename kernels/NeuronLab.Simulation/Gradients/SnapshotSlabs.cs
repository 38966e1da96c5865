using System.Buffers;

namespace NeuronLab.Simulation.Gradients;

/// <summary>
/// Storage for the snapshots of one block, carved out of large arrays rented from the shared pool and returned when
/// the gradient is done. A reverse sweep keeping every step holds thousands of snapshots; allocated one array each per
/// call, they cost page faults, zeroing and garbage-collector copying on every gradient of a fit.
/// </summary>
internal sealed class SnapshotSlabs(LaneBlock block) : IDisposable
{
    /// <summary>8 MB per slab (a power of two: the pool rents exactly that), or one snapshot if larger.</summary>
    private const int SlabDoubles = 1 << 20;

    private readonly int _size = PrimalSnapshot.Doubles(block);
    private readonly List<double[]> _slabs = [];
    private int _used;

    /// <summary>Storage for one more snapshot (uninitialised: save into it before restoring from it).</summary>
    public PrimalSnapshot Next()
    {
        if (_slabs.Count == 0 || _used + _size > _slabs[^1].Length)
        {
            _slabs.Add(ArrayPool<double>.Shared.Rent(Math.Max(_size, SlabDoubles)));
            _used = 0;
        }
        var snapshot = new PrimalSnapshot(block, _slabs[^1], _used);
        _used += _size;
        return snapshot;
    }

    /// <summary>Returns the slabs to the pool; the snapshots handed out must not be used afterwards.</summary>
    public void Dispose()
    {
        foreach (var slab in _slabs) ArrayPool<double>.Shared.Return(slab);
        _slabs.Clear();
    }
}
