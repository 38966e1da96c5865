using System.Runtime.CompilerServices;

namespace NeuronLab.Simulation.Gradients;

/// <summary>
/// Copies of V, every mechanism state and the tree pivots of the step that produced them, for one block of lanes,
/// compact (block width, not batch width). Keeping the pivots lets the reverse step reuse the forward factorisation
/// instead of recomputing currents, assembly and factorisation (≈ nodes more doubles per snapshot).
/// </summary>
internal sealed class PrimalSnapshot
{
    private readonly LaneBlock _block;
    private readonly int _width;
    private readonly double[] _storage;
    private readonly int _offset;

    /// <summary>A snapshot held in <paramref name="storage"/> from <paramref name="offset"/> on (<see cref="Doubles"/> values).</summary>
    public PrimalSnapshot(LaneBlock block, double[] storage, int offset)
    {
        _block = block;
        _width = block.L1 - block.L0;
        if (offset < 0 || offset + Doubles(block) > storage.Length) throw new ArgumentOutOfRangeException(nameof(offset), offset, "The snapshot does not fit its storage.");
        _storage = storage;
        _offset = offset;
    }

    /// <summary>Values one snapshot of <paramref name="block"/> holds: [V rows, each mechanism's state rows, pivot rows][block lane].</summary>
    public static int Doubles(LaneBlock block) =>
        (2 * block.Nodes + block.State.Mechanisms.Sum(m => m.States.Length * m.Instances.Nodes.Length)) * (block.L1 - block.L0);

    /// <summary>Bytes held.</summary>
    public long Bytes => (long)Doubles(_block) * sizeof(double);

    /// <summary>Saves V, the states and <c>State.Diagonal</c> (the pivots left by the step's solve).</summary>
    public void Save() => Copy(save: true, voltage: true, states: true);

    /// <summary>Puts the saved pivots back into <c>State.Diagonal</c>, ready for <see cref="LaneBlock.SolveFactored"/>.</summary>
    public void RestorePivots()
    {
        var offset = _offset + Doubles(_block) - _block.Nodes * _width;
        CopyRows(_block.State.Diagonal, _block.Nodes, _block.Lanes, ref offset, save: false);
    }

    public void Restore() => Copy(save: false, voltage: true, states: true);

    /// <summary>Restores V only (the states keep their current values).</summary>
    public void RestoreVoltage() => Copy(save: false, voltage: true, states: false);

    /// <summary>Restores the states only (V keeps its current value).</summary>
    public void RestoreStates() => Copy(save: false, voltage: false, states: true);

    /// <summary>The saved V: [node][block lane] (row stride = the block's width).</summary>
    public ReadOnlySpan<double> VoltageRows => _storage.AsSpan(_offset, _block.Nodes * _width);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Copy(bool save, bool voltage, bool states)
    {
        var lanes = _block.Lanes;
        var offset = _offset;
        if (voltage) CopyRows(_block.State.Voltage, _block.Nodes, lanes, ref offset, save);
        else offset += _block.Nodes * _width;
        if (!states) return;
        foreach (var m in _block.State.Mechanisms)
            foreach (var s in m.States) CopyRows(s, m.Instances.Nodes.Length, lanes, ref offset, save);
        if (save) CopyRows(_block.State.Diagonal, _block.Nodes, lanes, ref offset, save);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CopyRows(double[] batch, int rows, int lanes, ref int offset, bool save)
    {
        if (_width == lanes)
        {
            // The block is the whole batch: the rows are contiguous, one copy (row by row it was ~600 calls of 4 values).
            if (save) Array.Copy(batch, 0, _storage, offset, rows * lanes);
            else Array.Copy(_storage, offset, batch, 0, rows * lanes);
            offset += rows * lanes;
            return;
        }
        for (var r = 0; r < rows; r++)
        {
            if (save) Array.Copy(batch, r * lanes + _block.L0, _storage, offset, _width);
            else Array.Copy(_storage, offset, batch, r * lanes + _block.L0, _width);
            offset += _width;
        }
    }
}
