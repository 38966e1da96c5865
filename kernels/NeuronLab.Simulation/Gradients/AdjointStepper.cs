using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuronLab.Simulation.Gradients;

/// <summary>
/// The discrete adjoint of <see cref="LaneBlock"/>'s step for one block of lanes, with checkpointing: the forward pass
/// keeps a snapshot every K steps; the reverse sweep recomputes each segment forward from its checkpoint (keeping its
/// K snapshots) and then walks it backwards. K = 1 keeps everything and recomputes nothing.
/// </summary>
/// <remarks>
/// Reverse of step n, given λ(V^{n+1}) and λ(s^{n+1}):
/// <list type="number">
/// <item>states: λ(s^n) = (∂Φ/∂s)ᵀλ(s^{n+1}); λ(V^{n+1}) += (∂Φ/∂V)ᵀλ(s^{n+1}); field gradients += (∂Φ/∂θ)ᵀλ;</item>
/// <item>solve: μ = A⁻¹·k·λ(V^{n+1}) with the forward pass's pivots (kept in the snapshot after step n) (A is symmetric: the transposed solve is the same Hines solve);
/// λ(V^n) = λ(V^{n+1}) − L·μ; λI = −0.01·A·μ; λ(A_ii) = −μᵢ·ΔVᵢ, so λg = 0.01·A·λ(A_ii) and
/// dL/dcm += 1e-5·A·k/dt·λ(A_ii); dL/dgain += μ·I_stim/gain;</item>
/// <item>currents: λ(V^n), λ(s^n) and field gradients += (∂(I, g)/∂·)ᵀ(λI, λg) at (V^n, s^n);</item>
/// <item>the loss's ∂L/∂V^n at recorded steps.</item>
/// </list>
/// After step 0, the initial states' dependence on parameters is pulled back too.
/// </remarks>
internal sealed class AdjointStepper(LaneBlock block, AdjointMemory memory, int checkpointInterval) : IDisposable
{
    private readonly List<PrimalSnapshot> _checkpoints = [];
    private readonly List<PrimalSnapshot> _segment = [];
    private readonly SnapshotSlabs _slabs = new(block);

    public int CheckpointInterval => checkpointInterval;

    /// <summary>Bytes held by checkpoints and the segment buffer at their largest.</summary>
    public long PeakBytes { get; private set; }

    /// <summary>Steps run again during the reverse sweep.</summary>
    public long RecomputedSteps { get; private set; }

    /// <summary>The primal run: records probes and keeps a checkpoint every K steps and at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ForwardPass(int steps, ProbeRecorder[] recorders, CancellationToken cancellation)
    {
        block.Initialize();
        block.CheckFinite(0.0);
        foreach (var r in recorders) r.Record(0, block.L0, block.L1);
        SaveCheckpoint();
        for (var n = 0; n < steps; n++)
        {
            if ((n & 255) == 0) cancellation.ThrowIfCancellationRequested();
            PrimalStep(n);
            block.CheckFinite((n + 1) * block.Settings.Dt);
            foreach (var r in recorders) r.Record(n + 1, block.L0, block.L1);
            if ((n + 1) % checkpointInterval == 0 || n + 1 == steps) SaveCheckpoint();
        }
    }

    /// <summary>
    /// The reverse sweep. <paramref name="inject"/>(n) adds the loss's ∂L/∂(recorded values at step n) to the adjoints.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ReverseSweep(int steps, Action<int> inject, CancellationToken cancellation)
    {
        Clear(memory.VoltageAdjoint);
        Clear(memory.CapacitanceGradient);
        foreach (var m in memory.StateAdjoint) foreach (var s in m) Clear(s);
        foreach (var m in memory.FieldGradient) foreach (var f in m) Clear(f);
        foreach (var m in memory.IonGradient) foreach (var f in m) Clear(f);
        for (var l = block.L0; l < block.L1; l++) Array.Clear(memory.GainGradient[l]);

        inject(steps);
        var segments = _checkpoints.Count - 1;
        for (var c = segments - 1; c >= 0; c--)
        {
            cancellation.ThrowIfCancellationRequested();
            var start = c * checkpointInterval;
            var end = Math.Min(start + checkpointInterval, steps);
            // Recompute the segment: snapshots of steps start..end (the last one is the next checkpoint). A segment of
            // one step (every step kept) has nothing to recompute, and its reverse step restores what it reads.
            if (end - start > 1) _checkpoints[c].Restore();
            var pool = SegmentPool(end - start - 1);
            var buffer = new PrimalSnapshot[end - start + 1];
            buffer[0] = _checkpoints[c];
            buffer[end - start] = _checkpoints[c + 1];
            for (var n = start; n < end - 1; n++)
            {
                PrimalStep(n);
                RecomputedSteps++;
                buffer[n - start + 1] = pool[n - start];
                buffer[n - start + 1].Save();
            }
            for (var n = end - 1; n >= start; n--)
            {
                // The previous reverse step (n + 1) left V^{n+1} in V — the forward pass left V^N before the first —
                // unless this segment's recomputation has run over it since.
                ReverseStep(n, buffer[n - start], buffer[n - start + 1], voltageIsAfter: n < end - 1 || end - start == 1);
                inject(n);
            }
        }
        _checkpoints[0].Restore();
        for (var m = 0; m < block.Arguments.Length; m++)
        {
            block.Arguments[m].Time = 0;
            memory.Kernels[m].InitializeAdjoint(block.Arguments[m], memory.Arguments[m]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PrimalStep(int n)
    {
        block.ComputeCurrents(n);
        block.Assemble(n);
        block.Solve();
        block.AdvanceVoltage(block.State.Rhs);
        block.AdvanceStates(n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReverseStep(int n, PrimalSnapshot before, PrimalSnapshot after, bool voltageIsAfter)
    {
        var state = block.State;
        var lanes = block.Lanes;
        var dt = block.Settings.Dt;
        var k = block.SchemeFactor;

        // 1. States: at (V^{n+1}, s^n).
        before.RestoreStates();
        if (!voltageIsAfter) after.RestoreVoltage();
        for (var m = 0; m < block.Arguments.Length; m++)
        {
            block.Arguments[m].Time = (n + 1) * dt;
            memory.Kernels[m].AdvanceAdjoint(block.Arguments[m], memory.Arguments[m]);
        }

        // 2. The linear solve, at (V^n, s^n). V holds V^{n+1} here.
        var mu = memory.Mu;
        var lambdaV = memory.VoltageAdjoint;
        SolveInput(k, mu);
        // The pivots of this step's matrix, kept by the forward pass (its solve factorised A at (V^n, s^n)).
        after.RestorePivots();
        block.SolveFactored(mu);
        block.SubtractAxialFlow(mu, lambdaV);
        MembraneAdjointsRestoringVoltage(mu, before.VoltageRows, k, dt); // V^n from here on
        var tMid = (n + 0.5) * dt;
        for (var l = block.L0; l < block.L1; l++)
        {
            var tracks = state.Stimuli[l];
            for (var s = 0; s < tracks.Length; s++)
                if (tracks[s].GainParameter is not null)
                    memory.GainGradient[l][s] += mu[tracks[s].Node * lanes + l] * tracks[s].ClampGain * tracks[s].WaveformAt(n, tMid);
        }

        // 3. Currents, at (V^n, s^n).
        for (var m = 0; m < block.Arguments.Length; m++)
        {
            block.Arguments[m].Time = tMid;
            memory.Kernels[m].CurrentsAdjoint(block.Arguments[m], memory.Arguments[m]);
        }
    }

    /// <summary>μ = k·λV on this block's lanes (the right-hand side of the transposed solve).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SolveInput(double k, double[] mu)
    {
        var lanes = block.Lanes;
        var lambdaV = memory.VoltageAdjoint;
        if (mu.Length != block.Nodes * lanes || lambdaV.Length != mu.Length) throw new ArgumentException("μ and λV must hold nodes × lanes values.");
        ref var muRef = ref MemoryMarshal.GetArrayDataReference(mu);
        ref var lambdaRef = ref MemoryMarshal.GetArrayDataReference(lambdaV);
        var vk = Vector256.Create(k);
        var vectorEnd = block.L0 + (block.L1 - block.L0) / Vector256<double>.Count * Vector256<double>.Count;
        for (var i = 0; i < block.Nodes; i++)
        {
            var row = i * lanes;
            var l = block.L0;
            for (; l < vectorEnd; l += Vector256<double>.Count)
                (vk * Vector256.LoadUnsafe(ref lambdaRef, (nuint)(row + l))).StoreUnsafe(ref muRef, (nuint)(row + l));
            for (; l < block.L1; l++) mu[row + l] = k * lambdaV[row + l];
        }
    }

    /// <summary>
    /// With V^{n+1} in <c>State.Voltage</c> and V^n in <paramref name="before"/> ([node][block lane]): ΔV = (V^{n+1} − V^n)/k,
    /// λI = −0.01·A·μ, λg = 0.01·A·λ(A_ii) with λ(A_ii) = −μ·ΔV, dL/dcm += 1e-5·A·k/dt·λ(A_ii); and V^n written back
    /// into <c>State.Voltage</c> for the currents' adjoint. One pass over the rows, Vector256 over lanes, scalar tail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MembraneAdjointsRestoringVoltage(double[] mu, ReadOnlySpan<double> before, double k, double dt)
    {
        var lanes = block.Lanes;
        var width = block.L1 - block.L0;
        var v = block.State.Voltage;
        var current = memory.CurrentAdjoint;
        var conductance = memory.ConductanceAdjoint;
        var capacitanceGradient = memory.CapacitanceGradient;
        var size = block.Nodes * lanes;
        if (mu.Length != size || v.Length != size || current.Length != size || conductance.Length != size || capacitanceGradient.Length != size
            || before.Length < block.Nodes * width)
            throw new ArgumentException("Adjoint arrays must hold nodes × lanes values and the snapshot nodes × block lanes.");
        ref var muRef = ref MemoryMarshal.GetArrayDataReference(mu);
        ref var vRef = ref MemoryMarshal.GetArrayDataReference(v);
        ref var savedRef = ref MemoryMarshal.GetReference(before);
        ref var currentRef = ref MemoryMarshal.GetArrayDataReference(current);
        ref var conductanceRef = ref MemoryMarshal.GetArrayDataReference(conductance);
        ref var capacitanceRef = ref MemoryMarshal.GetArrayDataReference(capacitanceGradient);
        var vk = Vector256.Create(k);
        var vectorEnd = width / Vector256<double>.Count * Vector256<double>.Count;
        for (var i = 0; i < block.Nodes; i++)
        {
            var membrane = 0.01 * block.Area[i];
            var capacitance = 1e-5 * block.Area[i] * k / dt;
            var (vMembrane, vNegMembrane, vCapacitance) = (Vector256.Create(membrane), Vector256.Create(-membrane), Vector256.Create(capacitance));
            var row = i * lanes + block.L0;
            var savedRow = i * width;
            var j = 0;
            for (; j < vectorEnd; j += Vector256<double>.Count)
            {
                var at = (nuint)(row + j);
                var saved = Vector256.LoadUnsafe(ref savedRef, (nuint)(savedRow + j));
                var deltaV = (Vector256.LoadUnsafe(ref vRef, at) - saved) / vk;
                var mj = Vector256.LoadUnsafe(ref muRef, at);
                var lambdaDiagonal = -mj * deltaV;
                (vNegMembrane * mj).StoreUnsafe(ref currentRef, at);
                (vMembrane * lambdaDiagonal).StoreUnsafe(ref conductanceRef, at);
                (Vector256.LoadUnsafe(ref capacitanceRef, at) + vCapacitance * lambdaDiagonal).StoreUnsafe(ref capacitanceRef, at);
                saved.StoreUnsafe(ref vRef, at);
            }
            for (; j < width; j++)
            {
                var deltaV = (v[row + j] - before[savedRow + j]) / k;
                var lambdaDiagonal = -mu[row + j] * deltaV;
                current[row + j] = -membrane * mu[row + j];
                conductance[row + j] = membrane * lambdaDiagonal;
                capacitanceGradient[row + j] += capacitance * lambdaDiagonal;
                v[row + j] = before[savedRow + j];
            }
        }
    }

    private void SaveCheckpoint()
    {
        var snapshot = _slabs.Next();
        snapshot.Save();
        _checkpoints.Add(snapshot);
        UpdatePeak();
    }

    private List<PrimalSnapshot> SegmentPool(int count)
    {
        if (_segment.Count >= count) return _segment;
        while (_segment.Count < count) _segment.Add(_slabs.Next());
        UpdatePeak();
        return _segment;
    }

    // Every snapshot of a block has the same size; summing them all per step made the sweep O(steps²) for K = 1.
    private void UpdatePeak()
    {
        var bytes = (_checkpoints.Count + _segment.Count) * _checkpoints[0].Bytes;
        PeakBytes = Math.Max(PeakBytes, bytes);
    }

    /// <summary>Gives the snapshots' storage back (after the reverse sweep).</summary>
    public void Dispose()
    {
        _checkpoints.Clear();
        _segment.Clear();
        _slabs.Dispose();
    }

    private void Clear(double[] batch)
    {
        for (var i = 0; i < batch.Length / block.Lanes; i++) Array.Clear(batch, i * block.Lanes + block.L0, block.L1 - block.L0);
    }
}
