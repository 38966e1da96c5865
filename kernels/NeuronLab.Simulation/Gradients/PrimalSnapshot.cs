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

    public PrimalSnapshot(LaneBlock block)
    {
        _block = block;
        _width = block.L1 - block.L0;
        var rows = 2 * block.Nodes + block.State.Mechanisms.Sum(m => m.States.Length * m.Instances.Nodes.Length);
        Values = new double[rows * _width];
    }

    /// <summary>[V rows, then each mechanism's state rows, then pivot rows][block lane]</summary>
    public double[] Values { get; }

    /// <summary>Bytes held.</summary>
    public long Bytes => Values.LongLength * sizeof(double);

    /// <summary>Saves V, the states and <c>State.Diagonal</c> (the pivots left by the step's solve).</summary>
    public void Save() => Copy(save: true, voltageOnly: false);

    /// <summary>Puts the saved pivots back into <c>State.Diagonal</c>, ready for <see cref="LaneBlock.SolveFactored"/>.</summary>
    public void RestorePivots()
    {
        var offset = Values.Length - _block.Nodes * _width;
        CopyRows(_block.State.Diagonal, _block.Nodes, _block.Lanes, ref offset, save: false);
    }

    public void Restore() => Copy(save: false, voltageOnly: false);

    /// <summary>Restores V only (the states keep their current values).</summary>
    public void RestoreVoltage() => Copy(save: false, voltageOnly: true);

    /// <summary>V of node <paramref name="node"/>, lane <paramref name="lane"/> (a batch lane index).</summary>
    public double Voltage(int node, int lane) => Values[node * _width + lane - _block.L0];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Copy(bool save, bool voltageOnly)
    {
        var lanes = _block.Lanes;
        var offset = 0;
        CopyRows(_block.State.Voltage, _block.Nodes, lanes, ref offset, save);
        if (voltageOnly) return;
        foreach (var m in _block.State.Mechanisms)
            foreach (var s in m.States) CopyRows(s, m.Instances.Nodes.Length, lanes, ref offset, save);
        if (save) CopyRows(_block.State.Diagonal, _block.Nodes, lanes, ref offset, save);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CopyRows(double[] batch, int rows, int lanes, ref int offset, bool save)
    {
        for (var r = 0; r < rows; r++)
        {
            if (save) Array.Copy(batch, r * lanes + _block.L0, Values, offset, _width);
            else Array.Copy(Values, offset, batch, r * lanes + _block.L0, _width);
            offset += _width;
        }
    }
}
