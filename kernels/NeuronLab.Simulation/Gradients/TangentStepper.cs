using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuronLab.Simulation.Kernels;

namespace NeuronLab.Simulation.Gradients;

/// <summary>Memory of forward-mode sensitivities for a batch: V̇ and ṡ per direction, shared by all lane blocks.</summary>
internal sealed class TangentMemory
{
    public TangentMemory(BatchState state, ParameterSeeds seeds)
    {
        var size = state.Cell.NodeCount * state.Lanes;
        Directions = seeds.Count;
        Lanes = state.Lanes;
        Seeds = seeds;
        VoltageTangent = new double[size * Directions];
        CurrentTangent = new double[size * Directions];
        Kernels = [.. state.Mechanisms.Select(m => KernelCompiler.GradientFor(m.Instances.Mechanism, m.Slope))];
        StateTangent = [.. state.Mechanisms.Select(m => m.States.Select(s => new double[s.Length * Directions]).ToArray())];
        Arguments = [.. state.Mechanisms.Select((m, k) => new TangentArguments
        {
            Directions = Directions, VoltageTangent = VoltageTangent, StateTangent = StateTangent[k],
            Instances = m.Instances.Nodes.Length, Lanes = state.Lanes,
            FieldSeed = seeds.Fields[k], IonSeed = seeds.Ions[k],
            CurrentTangent = CurrentTangent, DeltaV = state.Rhs,
        })];
    }

    public int Directions { get; }
    public int Lanes { get; }
    public ParameterSeeds Seeds { get; }
    /// <summary>V̇ [node][direction][lane] (<see cref="TangentArguments.NodeIndex"/>)</summary>
    public double[] VoltageTangent { get; }
    /// <summary>[mechanism][state] → ṡ, laid out by <see cref="TangentArguments.StateIndex"/></summary>
    public double[][][] StateTangent { get; }
    /// <summary>İ + ġ·ΔV, then the tangent right-hand side and its solution ΔV̇, [node][direction][lane]</summary>
    public double[] CurrentTangent { get; }
    public MechanismGradientKernel[] Kernels { get; }

    /// <summary>The tangent of direction d that a probe reads (V̇ or a state's ṡ), on one lane.</summary>
    public double TangentAt(ProbeRecorder probe, int d, int lane) => probe.Mechanism < 0
        ? VoltageTangent[(probe.Row * Directions + d) * Lanes + lane]
        : StateTangent[probe.Mechanism][probe.State][Arguments[probe.Mechanism].StateIndex(probe.Row, d, lane)];
    public TangentArguments[] Arguments { get; }
}

/// <summary>
/// Steps the primal and its forward sensitivities for one block of lanes. Differentiating the step of
/// <see cref="LaneBlock"/>: <c>A ΔV̇ = ḃ − Ȧ ΔV</c> with <c>Ȧ = diag(k·Ċ/dt + 0.01·A·ġ)</c> and
/// <c>ḃ = −0.01·A·İ + İ_stim − L·V̇</c>, solved with the same factorisation as ΔV; then <c>V̇ ← V̇ + k·ΔV̇</c> and the
/// state tangents through the generated <see cref="MechanismGradientKernel.AdvanceTangent"/>.
/// </summary>
internal sealed class TangentStepper(LaneBlock block, TangentMemory memory)
{
    public void Initialize()
    {
        var state = block.State;
        var v0 = state.Cell.InitialVoltage;
        for (var i = 0; i < block.Nodes; i++)
        {
            for (var l = block.L0; l < block.L1; l++)
            {
                state.Voltage[i * block.Lanes + l] = v0[i];
                for (var d = 0; d < memory.Directions; d++) memory.VoltageTangent[(i * memory.Directions + d) * block.Lanes + l] = 0.0;
            }
        }
        for (var m = 0; m < block.Arguments.Length; m++)
        {
            block.Arguments[m].Time = 0;
            memory.Kernels[m].InitializeTangent(block.Arguments[m], memory.Arguments[m]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(int n)
    {
        var state = block.State;
        var lanes = block.Lanes;
        var dt = block.Settings.Dt;
        var k = block.SchemeFactor;
        block.ComputeCurrents(n);
        block.Assemble(n);
        block.Solve(); // the primal step's own solve; the diagonal it leaves behind is the pivots SolveFactoredMany uses
        // İ + ġ·ΔV per direction, at (V^n, s^n) and this step's ΔV (in state.Rhs). The accumulators start at zero:
        // allocated so, and the step turns each into its direction's right-hand side, solves it in place and zeroes it
        // as V̇ takes the solution (one array per direction for all three).
        for (var m = 0; m < block.Arguments.Length; m++)
        {
            block.Arguments[m].Time = (n + 0.5) * dt;
            memory.Kernels[m].CurrentsTangent(block.Arguments[m], memory.Arguments[m]);
        }
        var deltaV = state.Rhs;
        var tMid = (n + 0.5) * dt;
        TangentRhs(deltaV, k, dt);
        var directions = memory.Directions;
        var rhs = memory.CurrentTangent;
        for (var d = 0; d < directions; d++)
        {
            if (memory.Seeds.GainStimulus[d] is null) continue;
            var name = memory.Seeds.Names[d];
            for (var l = block.L0; l < block.L1; l++)
                foreach (var track in state.Stimuli[l])
                    if (track.GainParameter == name) rhs[(track.Node * directions + d) * lanes + l] += track.ClampGain * track.WaveformAt(n, tMid);
        }
        block.SolveFactoredMany(rhs, directions);
        block.AddScaledAndClear(memory.VoltageTangent, rhs, directions);
        block.AdvanceVoltage(deltaV);
        for (var m = 0; m < block.Arguments.Length; m++)
        {
            block.Arguments[m].Time = (n + 1) * dt;
            block.Arguments[m].StatesFinite = null; // the vectorised hook sets it
            memory.Kernels[m].AdvanceTangent(block.Arguments[m], memory.Arguments[m]);
        }
    }

    /// <summary>
    /// For every direction d, <c>rhs_d = −0.01·A·(İ_d + ġ_d·ΔV) − 1e-5·A·ċm_d·k/dt·ΔV − L·V̇_d</c> on this block's lanes,
    /// written over the accumulator of İ_d + ġ_d·ΔV (the CurrentsTangent hooks'): nodes in order, each row read before it
    /// is written, and the axial flow to a node's parent — a row already written — added as the node's row is (in the
    /// order of <see cref="LaneBlock.SubtractAxialFlow"/>). A node's directions are one row (<see cref="TangentArguments.NodeIndex"/>).
    /// Vector256 over lanes, scalar tail, the same operations in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TangentRhs(double[] deltaV, double k, double dt)
    {
        var lanes = block.Lanes;
        var directions = memory.Directions;
        var rhs = memory.CurrentTangent;
        var x = memory.VoltageTangent;
        var capacitanceSeeds = memory.Seeds.Capacitance;
        if (deltaV.Length != block.Nodes * lanes || rhs.Length != deltaV.Length * directions || x.Length != rhs.Length || capacitanceSeeds.Length < directions)
            throw new ArgumentException("Tangent arrays must hold nodes × directions × lanes values.");
        ref var dvRef = ref MemoryMarshal.GetArrayDataReference(deltaV);
        ref var rhsRef = ref MemoryMarshal.GetArrayDataReference(rhs);
        ref var xRef = ref MemoryMarshal.GetArrayDataReference(x);
        var vectorEnd = block.L0 + (block.L1 - block.L0) / Vector256<double>.Count * Vector256<double>.Count;
        for (var i = 0; i < block.Nodes; i++)
        {
            var g = i == 0 ? 0.0 : block.Conductance[i];
            var membrane = 0.01 * block.Area[i];
            var vMembrane = Vector256.Create(-membrane);
            var vg = Vector256.Create(g);
            var parent = i == 0 ? 0 : block.Parent[i];
            for (var d = 0; d < directions; d++)
            {
                var row = (i * directions + d) * lanes;
                var parentRow = (parent * directions + d) * lanes;
                var cmSeed = capacitanceSeeds[d];
                var capacitance = cmSeed is null ? 0.0 : cmSeed[i] * 1e-5 * block.Area[i] * k / dt;
                var vCapacitance = Vector256.Create(capacitance);
                var l = block.L0;
                for (; l < vectorEnd; l += Vector256<double>.Count)
                {
                    var at = (nuint)(row + l);
                    var dv = Vector256.LoadUnsafe(ref dvRef, (nuint)(i * lanes + l));
                    var b = vMembrane * Vector256.LoadUnsafe(ref rhsRef, at) - vCapacitance * dv;
                    if (i > 0) b = LaneBlock.WithAxialFlow(b, ref xRef, ref rhsRef, at, (nuint)(parentRow + l), vg);
                    b.StoreUnsafe(ref rhsRef, at);
                }
                for (; l < block.L1; l++)
                {
                    rhs[row + l] = -membrane * rhs[row + l] - capacitance * deltaV[i * lanes + l];
                    if (i == 0) continue;
                    var flow = g * (x[row + l] - x[parentRow + l]);
                    rhs[row + l] -= flow;
                    rhs[parentRow + l] += flow;
                }
            }
        }
    }
}
