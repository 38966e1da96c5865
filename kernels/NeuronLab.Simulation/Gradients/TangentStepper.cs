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
        var membraneScale = new double[size];
        for (var i = 0; i < state.Cell.NodeCount; i++)
            for (var l = 0; l < state.Lanes; l++) membraneScale[i * state.Lanes + l] = -0.01 * state.Cell.Area[i];
        Kernels = [.. state.Mechanisms.Select(m => KernelCompiler.GradientFor(m.Instances.Mechanism, m.Slope))];
        StateTangent = [.. state.Mechanisms.Select(m => m.States.Select(s => new double[s.Length * Directions]).ToArray())];
        Arguments = [.. state.Mechanisms.Select((m, k) => new TangentArguments
        {
            Directions = Directions, VoltageTangent = VoltageTangent, StateTangent = StateTangent[k],
            Instances = m.Instances.Nodes.Length, Lanes = state.Lanes,
            FieldSeed = seeds.Fields[k], IonSeed = seeds.Ions[k],
            CurrentTangent = CurrentTangent, DeltaV = state.Rhs, MembraneScale = membraneScale,
        })];
    }

    public int Directions { get; }
    public int Lanes { get; }
    public ParameterSeeds Seeds { get; }
    /// <summary>V̇ [node][direction][lane] (<see cref="NodeIndex"/>)</summary>
    public double[] VoltageTangent { get; }
    /// <summary>[mechanism][state] → ṡ, laid out by <see cref="TangentArguments.StateIndex"/></summary>
    public double[][][] StateTangent { get; }
    /// <summary>−0.01·A·(İ + ġ·ΔV) + İ_stim, then the tangent right-hand side and its solution ΔV̇, [node][direction][lane]</summary>
    public double[] CurrentTangent { get; }
    public MechanismGradientKernel[] Kernels { get; }
    public TangentArguments[] Arguments { get; }

    /// <summary>Where a node's tangent of (direction, lane) is in <see cref="VoltageTangent"/> and <see cref="CurrentTangent"/>.</summary>
    public int NodeIndex(int node, int direction, int lane) => (node * Directions + direction) * Lanes + lane;

    /// <summary>The tangent of direction d that a probe reads (V̇ or a state's ṡ), on one lane.</summary>
    public double TangentAt(ProbeRecorder probe, int d, int lane) => probe.Mechanism < 0
        ? VoltageTangent[NodeIndex(probe.Row, d, lane)]
        : StateTangent[probe.Mechanism][probe.State][Arguments[probe.Mechanism].StateIndex(probe.Row, d, lane)];
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
                for (var d = 0; d < memory.Directions; d++) memory.VoltageTangent[memory.NodeIndex(i, d, l)] = 0.0;
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
        block.Solve(); // the primal step's own solve; the diagonal it leaves behind is the pivots Eliminate uses
        // −0.01·A·(İ + ġ·ΔV) per direction, at (V^n, s^n) and this step's ΔV (in state.Rhs), and the stimulus gains'
        // İ_stim. The accumulator starts at zero (allocated so, and cleared behind each step); the step turns it into the
        // right-hand sides, solves them in place and adds the solutions to V̇.
        for (var m = 0; m < block.Arguments.Length; m++)
        {
            block.Arguments[m].Time = (n + 0.5) * dt;
            memory.Kernels[m].CurrentsTangent(block.Arguments[m], memory.Arguments[m]);
        }
        var deltaV = state.Rhs;
        var tMid = (n + 0.5) * dt;
        var directions = memory.Directions;
        var accumulator = memory.CurrentTangent;
        for (var d = 0; d < directions; d++)
        {
            if (memory.Seeds.GainStimulus[d] is null) continue;
            var name = memory.Seeds.Names[d];
            for (var l = block.L0; l < block.L1; l++)
                foreach (var track in state.Stimuli[l])
                    if (track.GainParameter == name)
                        accumulator[memory.NodeIndex(track.Node, d, l)] += track.ClampGain * track.WaveformAt(n, tMid);
        }
        Eliminate(deltaV, k, dt);
        SubstituteAndAdvance(k);
        block.AdvanceVoltage(deltaV);
        for (var m = 0; m < block.Arguments.Length; m++)
        {
            block.Arguments[m].Time = (n + 1) * dt;
            block.Arguments[m].StatesFinite = null; // the vectorised hook sets it
            memory.Kernels[m].AdvanceTangent(block.Arguments[m], memory.Arguments[m]);
        }
    }

    /// <summary>
    /// The tangent right-hand sides and the elimination of the tree solve, in one pass from the leaves to the root. For
    /// every direction d, <c>rhs_d = −0.01·A·(İ_d + ġ_d·ΔV) + İ_stim,d − 1e-5·A·ċm_d·k/dt·ΔV − L·V̇_d</c> (the first two
    /// terms already in the accumulator), and the system <c>A ΔV̇_d = rhs_d</c> is eliminated with the primal step's
    /// pivots (<see cref="LaneBlock.Solve"/> left them in the diagonal), as
    /// <see cref="NeuronLab.Numerics.TreeSolver.SolveFactored"/> does. A node's row is complete once its children — all
    /// numbered after it — have passed, each adding its axial flow and its elimination term to the parent's row.
    /// Rows are [node][direction][lane] (<see cref="TangentMemory.NodeIndex"/>); Vector256 over lanes, scalar tail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Eliminate(double[] deltaV, double k, double dt)
    {
        var lanes = block.Lanes;
        var directions = memory.Directions;
        var rhs = memory.CurrentTangent;
        var x = memory.VoltageTangent;
        var pivots = block.State.Diagonal;
        var capacitanceSeeds = memory.Seeds.Capacitance;
        if (deltaV.Length != block.Nodes * lanes || pivots.Length != deltaV.Length || rhs.Length != deltaV.Length * directions || x.Length != rhs.Length
            || capacitanceSeeds.Length < directions)
            throw new ArgumentException("Tangent arrays must hold nodes × directions × lanes values.");
        ref var dvRef = ref MemoryMarshal.GetArrayDataReference(deltaV);
        ref var pivotRef = ref MemoryMarshal.GetArrayDataReference(pivots);
        ref var rhsRef = ref MemoryMarshal.GetArrayDataReference(rhs);
        ref var xRef = ref MemoryMarshal.GetArrayDataReference(x);
        var width = Vector256<double>.Count;
        var vectorEnd = block.L0 + (block.L1 - block.L0) / width * width;
        var one = Vector256.Create(1.0);
        for (var i = block.Nodes - 1; i >= 0; i--)
        {
            var parent = i == 0 ? 0 : block.Parent[i];
            var g = i == 0 ? 0.0 : block.Conductance[i];
            var a = i == 0 ? 0.0 : block.State.OffDiagonal[i];
            var (vg, va) = (Vector256.Create(g), Vector256.Create(a));
            var l = block.L0;
            for (; l < vectorEnd; l += width)
            {
                var dv = Vector256.LoadUnsafe(ref dvRef, (nuint)(i * lanes + l));
                var pivot = Vector256.LoadUnsafe(ref pivotRef, (nuint)(i * lanes + l));
                // The root is solved here; every other node hands its elimination term to its parent.
                var factor = i == 0 ? one / pivot : va / pivot;
                for (var d = 0; d < directions; d++)
                {
                    var at = (nuint)((i * directions + d) * lanes + l);
                    var b = Vector256.LoadUnsafe(ref rhsRef, at);
                    if (capacitanceSeeds[d] is { } cmSeed) b -= Vector256.Create(cmSeed[i] * 1e-5 * block.Area[i] * k / dt) * dv;
                    if (i == 0)
                    {
                        (b * factor).StoreUnsafe(ref rhsRef, at);
                        continue;
                    }
                    var parentAt = (nuint)((parent * directions + d) * lanes + l);
                    var flow = vg * (Vector256.LoadUnsafe(ref xRef, at) - Vector256.LoadUnsafe(ref xRef, parentAt));
                    b -= flow;
                    b.StoreUnsafe(ref rhsRef, at);
                    (Vector256.LoadUnsafe(ref rhsRef, parentAt) + flow - factor * b).StoreUnsafe(ref rhsRef, parentAt);
                }
            }
            for (; l < block.L1; l++)
            {
                var pivot = pivots[i * lanes + l];
                for (var d = 0; d < directions; d++)
                {
                    var at = (i * directions + d) * lanes + l;
                    var b = rhs[at];
                    if (capacitanceSeeds[d] is { } cmSeed) b -= cmSeed[i] * 1e-5 * block.Area[i] * k / dt * deltaV[i * lanes + l];
                    if (i == 0)
                    {
                        rhs[at] = b * (1.0 / pivot);
                        continue;
                    }
                    var parentAt = (parent * directions + d) * lanes + l;
                    var flow = g * (x[at] - x[parentAt]);
                    b -= flow;
                    rhs[at] = b;
                    rhs[parentAt] = rhs[parentAt] + flow - a / pivot * b;
                }
            }
        }
    }

    /// <summary>
    /// The back-substitution from the root (solved by <see cref="Eliminate"/>) to the leaves, each ΔV̇ then added to V̇
    /// (<c>V̇ += k·ΔV̇</c>); the accumulator is cleared behind it for the next step's hooks, once every child has read
    /// its parent's solution.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SubstituteAndAdvance(double k)
    {
        var lanes = block.Lanes;
        var directions = memory.Directions;
        var rhs = memory.CurrentTangent;
        var x = memory.VoltageTangent;
        var pivots = block.State.Diagonal;
        ref var pivotRef = ref MemoryMarshal.GetArrayDataReference(pivots);
        ref var rhsRef = ref MemoryMarshal.GetArrayDataReference(rhs);
        ref var xRef = ref MemoryMarshal.GetArrayDataReference(x);
        var width = Vector256<double>.Count;
        var vectorEnd = block.L0 + (block.L1 - block.L0) / width * width;
        var (one, vk) = (Vector256.Create(1.0), Vector256.Create(k));
        for (var i = 0; i < block.Nodes; i++)
        {
            var parent = i == 0 ? 0 : block.Parent[i];
            var va = Vector256.Create(i == 0 ? 0.0 : block.State.OffDiagonal[i]);
            var l = block.L0;
            for (; l < vectorEnd; l += width)
            {
                var reciprocal = one / Vector256.LoadUnsafe(ref pivotRef, (nuint)(i * lanes + l));
                for (var d = 0; d < directions; d++)
                {
                    var at = (nuint)((i * directions + d) * lanes + l);
                    var solution = Vector256.LoadUnsafe(ref rhsRef, at);
                    if (i > 0)
                    {
                        solution = (solution - va * Vector256.LoadUnsafe(ref rhsRef, (nuint)((parent * directions + d) * lanes + l))) * reciprocal;
                        solution.StoreUnsafe(ref rhsRef, at);
                    }
                    (Vector256.LoadUnsafe(ref xRef, at) + vk * solution).StoreUnsafe(ref xRef, at);
                }
            }
            for (; l < block.L1; l++)
            {
                var reciprocal = 1.0 / pivots[i * lanes + l];
                for (var d = 0; d < directions; d++)
                {
                    var at = (i * directions + d) * lanes + l;
                    if (i > 0) rhs[at] = (rhs[at] - block.State.OffDiagonal[i] * rhs[(parent * directions + d) * lanes + l]) * reciprocal;
                    x[at] += k * rhs[at];
                }
            }
        }
        if (block.L0 == 0 && block.L1 == lanes) Array.Clear(rhs);
        else
            for (var row = 0; row < block.Nodes * directions; row++) Array.Clear(rhs, row * lanes + block.L0, block.L1 - block.L0);
    }
}
