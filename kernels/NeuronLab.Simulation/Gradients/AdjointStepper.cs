using System.Runtime.CompilerServices;

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
            // Recompute the segment: snapshots of steps start..end (the last one is the next checkpoint).
            _checkpoints[c].Restore();
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
                ReverseStep(n, buffer[n - start], buffer[n - start + 1]);
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
    private void ReverseStep(int n, PrimalSnapshot before, PrimalSnapshot after)
    {
        var state = block.State;
        var lanes = block.Lanes;
        var dt = block.Settings.Dt;
        var k = block.SchemeFactor;

        // 1. States: at (V^{n+1}, s^n).
        before.Restore();
        after.RestoreVoltage();
        for (var m = 0; m < block.Arguments.Length; m++)
        {
            block.Arguments[m].Time = (n + 1) * dt;
            memory.Kernels[m].AdvanceAdjoint(block.Arguments[m], memory.Arguments[m]);
        }

        // 2. The linear solve, at (V^n, s^n).
        for (var i = 0; i < block.Nodes; i++)
            for (var l = block.L0; l < block.L1; l++)
                memory.DeltaV[i * lanes + l] = (after.Voltage(i, l) - before.Voltage(i, l)) / k;
        // The pivots of this step's matrix, kept by the forward pass (its solve factorised A at (V^n, s^n)).
        after.RestorePivots();
        before.RestoreVoltage();
        var mu = memory.Mu;
        var lambdaV = memory.VoltageAdjoint;
        for (var i = 0; i < block.Nodes; i++)
            for (var l = block.L0; l < block.L1; l++) mu[i * lanes + l] = k * lambdaV[i * lanes + l];
        block.SolveFactored(mu);
        block.SubtractAxialFlow(mu, lambdaV);
        for (var i = 0; i < block.Nodes; i++)
        {
            var row = i * lanes;
            var membrane = 0.01 * block.Area[i];
            var capacitance = 1e-5 * block.Area[i] * k / dt;
            for (var l = block.L0; l < block.L1; l++)
            {
                var lambdaDiagonal = -mu[row + l] * memory.DeltaV[row + l];
                memory.CurrentAdjoint[row + l] = -membrane * mu[row + l];
                memory.ConductanceAdjoint[row + l] = membrane * lambdaDiagonal;
                memory.CapacitanceGradient[row + l] += capacitance * lambdaDiagonal;
            }
        }
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
