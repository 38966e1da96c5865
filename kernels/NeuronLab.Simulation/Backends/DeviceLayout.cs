using System.Collections.Immutable;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Backends;

/// <summary>
/// Where each field lives in the one device buffer <c>F</c>, laid out <c>[row][lane]</c> like the CPU's
/// <see cref="BatchState"/> (lane fastest, so neighbouring work-items read neighbouring words): voltage [mV],
/// specific capacitance [µF/cm²], reversal potentials [mV] per ion, per mechanism its parameters and states
/// ([field][instance] rows), then the per-step scratch rows: current [mA/cm²], dI/dV [S/cm²], matrix diagonal [µS] and
/// right-hand side [nA].
/// </summary>
internal sealed class DeviceLayout
{
    public DeviceLayout(LoweredCell cell)
    {
        var n = cell.NodeCount;
        var row = 0;
        Voltage = row; row += n;
        Capacitance = row; row += n;
        var ions = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var ion in cell.ReversalPotentials.Keys.Order(StringComparer.Ordinal)) { ions[ion] = row; row += n; }
        Ions = ions.ToImmutable();
        var parameters = ImmutableArray.CreateBuilder<int>();
        var states = ImmutableArray.CreateBuilder<int>();
        foreach (var m in cell.Mechanisms)
        {
            var count = m.Nodes.Length;
            parameters.Add(row); row += m.Mechanism.Parameters.Length * count;
            states.Add(row); row += m.Mechanism.States.Length * count;
        }
        Parameters = parameters.ToImmutable();
        States = states.ToImmutable();
        Current = row; row += n;
        Conductance = row; row += n;
        Diagonal = row; row += n;
        Rhs = row; row += n;
        Rows = row;
    }

    public int Voltage { get; }
    public int Capacitance { get; }
    /// <summary>ion → first row of its reversal potentials.</summary>
    public ImmutableDictionary<string, int> Ions { get; }
    /// <summary>Per mechanism, first row of its parameters (parameter k of instance i at row + k·count + i).</summary>
    public ImmutableArray<int> Parameters { get; }
    /// <summary>Per mechanism, first row of its states (state k of instance i at row + k·count + i).</summary>
    public ImmutableArray<int> States { get; }
    public int Current { get; }
    public int Conductance { get; }
    public int Diagonal { get; }
    public int Rhs { get; }
    /// <summary>Rows in F.</summary>
    public int Rows { get; }

    /// <summary>Copies the initial contents (capacitance, reversal potentials, parameters) of a CPU batch state into F.</summary>
    public double[] Pack(BatchState state)
    {
        var lanes = state.Lanes;
        var f = new double[(long)Rows * lanes];
        void Copy(double[] source, int firstRow) => Array.Copy(source, 0, f, (long)firstRow * lanes, source.Length);
        Copy(state.MembraneCapacitance, Capacitance);
        foreach (var (ion, first) in Ions) Copy(state.ReversalPotentials[ion], first);
        for (var m = 0; m < state.Mechanisms.Length; m++)
        {
            var mechanism = state.Mechanisms[m];
            var count = mechanism.Instances.Nodes.Length;
            for (var k = 0; k < mechanism.Parameters.Length; k++) Copy(mechanism.Parameters[k], Parameters[m] + k * count);
        }
        return f;
    }
}
