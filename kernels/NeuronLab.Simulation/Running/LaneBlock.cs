using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuronLab.Numerics;
using NeuronLab.Simulation.Kernels;

namespace NeuronLab.Simulation;

/// <summary>
/// The pieces of one fixed step for a contiguous block of lanes, shared by the plain simulator and the gradient
/// steppers: currents, matrix assembly, factorisation and solve, voltage update, state update.
/// </summary>
/// <remarks>
/// The linear system of step n (units nF, µS, nA): <c>A ΔV = b</c> with
/// <c>A = diag(k·C/dt + 0.01·A·dI/dV) + L</c> and <c>b = −0.01·A·I + I_stim(t + dt/2) − L·V</c>, where L is the
/// axial conductance Laplacian and k = 1 (backward Euler) or 2 (Crank–Nicolson); then <c>V ← V + k·ΔV</c>.
/// </remarks>
internal sealed class LaneBlock
{
    public LaneBlock(BatchState state, SimulationSettings settings, int l0, int l1)
    {
        State = state;
        Settings = settings;
        L0 = l0;
        L1 = l1;
        Parent = [.. state.Cell.Parent];
        Area = [.. state.Cell.Area];
        Conductance = [.. state.Cell.AxialConductance];
        SchemeFactor = settings.Scheme == TimeScheme.CrankNicolson ? 2.0 : 1.0;
        Arguments = [.. state.Mechanisms.Select(m => new KernelArguments
        {
            Lanes = state.Lanes, LaneStart = l0, LaneEnd = l1, Nodes = [.. m.Instances.Nodes],
            Voltage = state.Voltage, Parameters = m.Parameters, States = m.States, IonReads = m.IonReads,
            Globals = m.Globals, Current = state.Current, Conductance = state.Conductance, Dt = settings.Dt,
        })];
    }

    public BatchState State { get; }
    public SimulationSettings Settings { get; }
    public int L0 { get; }
    public int L1 { get; }
    public int[] Parent { get; }
    /// <summary>[node] µm²</summary>
    public double[] Area { get; }
    /// <summary>[node] µS to the parent</summary>
    public double[] Conductance { get; }
    /// <summary>k: 1 for backward Euler, 2 for Crank–Nicolson.</summary>
    public double SchemeFactor { get; }
    public KernelArguments[] Arguments { get; }
    public int Lanes => State.Lanes;
    public int Nodes => Parent.Length;

    /// <summary>V = V_init on every node, then every mechanism's initial states.</summary>
    public void Initialize()
    {
        var v0 = State.Cell.InitialVoltage;
        _voltageInRange = null;
        for (var i = 0; i < v0.Length; i++)
            for (var l = L0; l < L1; l++) State.Voltage[i * Lanes + l] = v0[i];
        for (var m = 0; m < Arguments.Length; m++)
        {
            Arguments[m].Time = 0;
            State.Mechanisms[m].Kernel.Initialize(Arguments[m]);
        }
    }

    /// <summary>Zeroes the accumulators and adds every mechanism's current and dI/dV at mid-step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ComputeCurrents(int step)
    {
        if (L0 == 0 && L1 == Lanes)
        {
            Array.Clear(State.Current);
            Array.Clear(State.Conductance);
        }
        else
        {
            for (var i = 0; i < Nodes; i++)
            {
                var row = i * Lanes;
                Array.Clear(State.Current, row + L0, L1 - L0);
                Array.Clear(State.Conductance, row + L0, L1 - L0);
            }
        }
        for (var m = 0; m < Arguments.Length; m++)
        {
            Arguments[m].Time = (step + 0.5) * Settings.Dt;
            State.Mechanisms[m].Kernel.ComputeCurrents(Arguments[m]);
        }
    }

    /// <summary>Fills <c>State.Diagonal</c> and <c>State.Rhs</c> with A and b of this step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Assemble(int step)
    {
        var lanes = Lanes;
        var v = State.Voltage;
        var diag = State.Diagonal;
        var rhs = State.Rhs;
        var cm = State.MembraneCapacitance;
        var cur = State.Current;
        var cond = State.Conductance;
        var dt = Settings.Dt;
        CheckRows(diag, rhs, cm, cur, cond);
        ref var diagRef = ref MemoryMarshal.GetArrayDataReference(diag);
        ref var rhsRef = ref MemoryMarshal.GetArrayDataReference(rhs);
        ref var cmRef = ref MemoryMarshal.GetArrayDataReference(cm);
        ref var curRef = ref MemoryMarshal.GetArrayDataReference(cur);
        ref var condRef = ref MemoryMarshal.GetArrayDataReference(cond);
        CheckRows(v);
        ref var vRef = ref MemoryMarshal.GetArrayDataReference(v);
        var vectorEnd = L0 + (L1 - L0) / Width * Width;
        // One pass: row i's diagonal and membrane term, then the axial flow to its parent (parent < i, already written).
        // The additions into each rhs row happen in the same order as SubtractAxialFlow's separate pass.
        for (var i = 0; i < Nodes; i++)
        {
            var row = i * lanes;
            var parentRow = i == 0 ? 0 : Parent[i] * lanes;
            var membrane = 0.01 * Area[i];                      // (mA/cm²)·µm² → nA
            var capacitance = 1e-5 * Area[i] * SchemeFactor / dt; // (µF/cm²)·µm² → nF, over dt
            var coupling = State.CouplingSum[i];
            var g = i == 0 ? 0.0 : Conductance[i];
            var vMembrane = Vector256.Create(membrane);
            var vNegMembrane = Vector256.Create(-membrane);
            var vCapacitance = Vector256.Create(capacitance);
            var vCoupling = Vector256.Create(coupling);
            var vg = Vector256.Create(g);
            var l = L0;
            for (; l < vectorEnd; l += Width)
            {
                var at = (nuint)(row + l);
                (Vector256.LoadUnsafe(ref cmRef, at) * vCapacitance + vMembrane * Vector256.LoadUnsafe(ref condRef, at) + vCoupling).StoreUnsafe(ref diagRef, at);
                var b = vNegMembrane * Vector256.LoadUnsafe(ref curRef, at);
                if (i > 0) b = WithAxialFlow(b, ref vRef, ref rhsRef, at, (nuint)(parentRow + l), vg);
                b.StoreUnsafe(ref rhsRef, at);
            }
            for (; l < L1; l++)
            {
                diag[row + l] = cm[row + l] * capacitance + membrane * cond[row + l] + coupling;
                rhs[row + l] = -membrane * cur[row + l];
                if (i == 0) continue;
                var flow = g * (v[row + l] - v[parentRow + l]);
                rhs[row + l] -= flow;
                rhs[parentRow + l] += flow;
            }
        }
        var tMid = (step + 0.5) * dt;
        for (var l = L0; l < L1; l++)
        {
            foreach (var stimulus in State.Stimuli[l])
                rhs[stimulus.Node * lanes + l] += stimulus.CurrentAt(step, tMid);
        }
    }

    /// <summary><c>rhs −= L·x</c>: the axial currents leaving each node for potentials x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SubtractAxialFlow(double[] x, double[] rhs)
    {
        var lanes = Lanes;
        CheckRows(x, rhs);
        ref var xRef = ref MemoryMarshal.GetArrayDataReference(x);
        ref var rhsRef = ref MemoryMarshal.GetArrayDataReference(rhs);
        var vectorEnd = L0 + (L1 - L0) / Width * Width;
        for (var i = 1; i < Nodes; i++)
        {
            var row = i * lanes;
            var parentRow = Parent[i] * lanes;
            var g = Conductance[i];
            var vg = Vector256.Create(g);
            var l = L0;
            for (; l < vectorEnd; l += Width)
            {
                var at = (nuint)(row + l);
                WithAxialFlow(Vector256.LoadUnsafe(ref rhsRef, at), ref xRef, ref rhsRef, at, (nuint)(parentRow + l), vg).StoreUnsafe(ref rhsRef, at);
            }
            for (; l < L1; l++)
            {
                var flow = g * (x[row + l] - x[parentRow + l]);
                rhs[row + l] -= flow;
                rhs[parentRow + l] += flow;
            }
        }
    }

    /// <summary>
    /// The axial current from a node to its parent for 4 lanes, g·(x − x_parent): added to the parent's right-hand side
    /// in memory and returned subtracted from <paramref name="b"/>, the node's own (the caller stores it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> WithAxialFlow(Vector256<double> b, ref double xRef, ref double rhsRef, nuint at, nuint parentAt, Vector256<double> g)
    {
        var flow = g * (Vector256.LoadUnsafe(ref xRef, at) - Vector256.LoadUnsafe(ref xRef, parentAt));
        (Vector256.LoadUnsafe(ref rhsRef, parentAt) + flow).StoreUnsafe(ref rhsRef, parentAt);
        return b - flow;
    }

    /// <summary>Solves A ΔV = b in place (ΔV in <c>State.Rhs</c>; the diagonal becomes the elimination's pivots).</summary>
    public void Solve() => TreeSolver.Solve(Parent, State.OffDiagonal, State.Diagonal, State.Rhs, Lanes, L0, L1);

    /// <summary>Solves with the pivots a <see cref="Solve"/> of the same matrix left in <c>State.Diagonal</c>.</summary>
    public void SolveFactored(double[] rhs) => TreeSolver.SolveFactored(Parent, State.OffDiagonal, State.Diagonal, rhs, Lanes, L0, L1);

    /// <summary>
    /// <c>V += k·ΔV</c> for this block's lanes, checking |V| ≤ <see cref="Simulator.VoltageLimit"/> on the values it
    /// stores (in registers); the next <see cref="CheckFinite"/> uses that verdict instead of reading V again.
    /// </summary>
    public void AdvanceVoltage(double[] delta) => _voltageInRange = AddScaledWithinLimit(State.Voltage, delta);

    /// <summary>
    /// <c>x += k·Δx</c>; true when every updated value has |x| ≤ <see cref="Simulator.VoltageLimit"/> (false for NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AddScaledWithinLimit(double[] x, double[] delta)
    {
        CheckRows(x, delta);
        ref var xRef = ref MemoryMarshal.GetArrayDataReference(x);
        ref var dRef = ref MemoryMarshal.GetArrayDataReference(delta);
        var k = SchemeFactor;
        var vk = Vector256.Create(k);
        var limit = Vector256.Create(Simulator.VoltageLimit);
        var ok = Vector256<double>.AllBitsSet;
        var scalarOk = true;
        var vectorEnd = L0 + (L1 - L0) / Width * Width;
        for (var i = 0; i < Nodes; i++)
        {
            var row = i * Lanes;
            var l = L0;
            for (; l < vectorEnd; l += Width)
            {
                var at = (nuint)(row + l);
                var updated = Vector256.LoadUnsafe(ref xRef, at) + vk * Vector256.LoadUnsafe(ref dRef, at);
                ok &= Vector256.LessThanOrEqual(Vector256.Abs(updated), limit);
                updated.StoreUnsafe(ref xRef, at);
            }
            for (; l < L1; l++)
            {
                x[row + l] += k * delta[row + l];
                scalarOk &= Math.Abs(x[row + l]) <= Simulator.VoltageLimit;
            }
        }
        return scalarOk && KernelVectorMath.AllSet(ok);
    }

    /// <summary>Set by <see cref="AdvanceVoltage"/>, consumed (and reset) by the next check; null: V must be read.</summary>
    private bool? _voltageInRange;

    /// <summary>Advances every mechanism's states with the new voltage (time t + dt).</summary>
    public void AdvanceStates(int step)
    {
        for (var m = 0; m < Arguments.Length; m++)
        {
            Arguments[m].Time = (step + 1) * Settings.Dt;
            Arguments[m].StatesFinite = null; // the vectorised hook sets it
            State.Mechanisms[m].Kernel.AdvanceState(Arguments[m]);
        }
    }

    /// <summary>Throws <see cref="SimulationDivergedException"/> at the first non-finite or out-of-range value.</summary>
    /// <remarks>
    /// A vectorised pass over contiguous rows decides whether anything is wrong (|V| ≤ limit and every state finite;
    /// the states of a mechanism whose vectorised AdvanceState checked them as it stored them are not read again);
    /// only then does the lane-by-lane scan find the first offending lane, node and state to report.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CheckFinite(double time)
    {
        if (AllFinite()) return;
        ReportDivergence(time);
    }

    /// <summary>True when |V| ≤ <see cref="Simulator.VoltageLimit"/> and every state is finite on this block's lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool AllFinite()
    {
        var ok = Vector256<double>.AllBitsSet;
        var limit = Vector256.Create(Simulator.VoltageLimit);
        var scalarOk = true;
        var vectorEnd = L0 + (L1 - L0) / Width * Width;
        var v = State.Voltage;
        ref var vRef = ref MemoryMarshal.GetArrayDataReference(v);
        CheckRows(v);
        var voltageVerdict = _voltageInRange;
        _voltageInRange = null;
        if (voltageVerdict == false) return false;
        for (var i = 0; i < (voltageVerdict == true ? 0 : Nodes); i++)
        {
            var row = i * Lanes;
            var l = L0;
            for (; l < vectorEnd; l += Width)
                ok &= Vector256.LessThanOrEqual(Vector256.Abs(Vector256.LoadUnsafe(ref vRef, (nuint)(row + l))), limit); // false for NaN
            for (; l < L1; l++) scalarOk &= Math.Abs(v[row + l]) <= Simulator.VoltageLimit;
        }
        for (var k = 0; k < State.Mechanisms.Length; k++)
        {
            var m = State.Mechanisms[k];
            // A vectorised AdvanceState has already checked the states it stored in this step; consume its verdict
            // (null again afterwards, so a later check without a state update scans).
            var verdict = Arguments[k].StatesFinite;
            Arguments[k].StatesFinite = null;
            if (verdict == true) continue;
            if (verdict == false) return false;
            var rows = m.Instances.Nodes.Length;
            foreach (var states in m.States)
            {
                if (states.Length != rows * Lanes) throw new InvalidOperationException("State array has the wrong size.");
                ref var sRef = ref MemoryMarshal.GetArrayDataReference(states);
                for (var j = 0; j < rows; j++)
                {
                    var row = j * Lanes;
                    var l = L0;
                    for (; l < vectorEnd; l += Width)
                    {
                        var x = Vector256.LoadUnsafe(ref sRef, (nuint)(row + l));
                        ok &= Vector256.Equals(x - x, Vector256<double>.Zero); // NaN for ±∞ and NaN
                    }
                    for (; l < L1; l++) scalarOk &= double.IsFinite(states[row + l]);
                }
            }
        }
        return scalarOk && KernelVectorMath.AllSet(ok);
    }

    private void ReportDivergence(double time)
    {
        var v = State.Voltage;
        for (var l = L0; l < L1; l++)
        {
            for (var i = 0; i < Nodes; i++)
            {
                var x = v[i * Lanes + l];
                if (double.IsFinite(x) && Math.Abs(x) <= Simulator.VoltageLimit) continue;
                throw new SimulationDivergedException(time, l, i, "v", x, Settings.Dt);
            }
            foreach (var m in State.Mechanisms)
            {
                for (var k = 0; k < m.States.Length; k++)
                {
                    var states = m.States[k];
                    for (var j = 0; j < m.Instances.Nodes.Length; j++)
                    {
                        var x = states[j * Lanes + l];
                        if (!double.IsFinite(x))
                            throw new SimulationDivergedException(time, l, m.Instances.Nodes[j], $"{m.Instances.Mechanism.Name}.{m.Instances.Mechanism.States[k].Name}", x, Settings.Dt);
                    }
                }
            }
        }
    }

    /// <summary>Doubles per <see cref="Vector256{T}"/>.</summary>
    private static int Width => Vector256<double>.Count;

    /// <summary>Every [node][lane] array must hold Nodes × Lanes values (the vector loops index without bounds checks).</summary>
    private void CheckRows(params ReadOnlySpan<double[]> arrays)
    {
        foreach (var a in arrays)
            if (a.Length != Nodes * Lanes) throw new ArgumentException($"Array of {a.Length} values, expected {Nodes * Lanes} ([node][lane]).");
    }
}
