using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NeuronLab.Model.Cells;
using NeuronLab.Numerics;
using NeuronLab.Simulation.Kernels;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation;

/// <summary>
/// Runs a batch of lanes of one lowered cell with NEURON's fixed-step scheme and records the probes.
/// </summary>
/// <remarks>
/// Each step (t → t + dt), as NEURON's <c>fadvance</c>:
/// <list type="number">
/// <item>currents and dI/dV of every mechanism at V(t) and the states, stimuli at t + dt/2;</item>
/// <item>the tree system <c>(k·C/dt + 0.01·A·dI/dV + ΣG) ΔV − Σ G ΔV_neighbour = −0.01·A·I + I_stim − Σ G (V − V_neighbour)</c>
/// (nF, µS, nA; k = 1 for backward Euler, 2 for Crank–Nicolson) solved by Hines elimination;</item>
/// <item>V ← V + k·ΔV;</item>
/// <item>states advanced over dt with the new V (the staggered half step).</item>
/// </list>
/// Lanes are split into contiguous blocks, one per thread; no lane reads another's memory, so results do not
/// depend on the thread count.
/// </remarks>
public static class Simulator
{
    /// <summary>|V| beyond this [mV] counts as divergence.</summary>
    public const double VoltageLimit = 1000.0;

    /// <summary>Lowers <paramref name="cell"/> and runs the lanes.</summary>
    public static SimulationResult Run(CellDescription cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, SimulationOptions? options = null) =>
        Run(CellLowering.Lower(cell), settings, lanes, options);

    /// <summary>Runs the lanes on an already lowered cell.</summary>
    /// <exception cref="SimulationDivergedException">A lane diverged; the earliest (time, lane) is reported.</exception>
    /// <exception cref="OperationCanceledException">The cancellation token fired.</exception>
    public static SimulationResult Run(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, SimulationOptions? options = null)
    {
        options ??= SimulationOptions.Default;
        if (lanes.Count == 0) throw new ArgumentException("A batch needs at least one lane.", nameof(lanes));
        var steps = settings.StepCount;
        var state = new BatchState(cell, lanes, settings);
        var recorders = settings.Probes.Select(p => new ProbeRecorder(cell, state, p, settings.Dt, steps)).ToArray();

        var threads = Math.Clamp(options.Threads, 1, lanes.Count);
        var blocks = Enumerable.Range(0, threads)
            .Select(b => (Start: lanes.Count * b / threads, End: lanes.Count * (b + 1) / threads))
            .Where(b => b.End > b.Start).ToArray();
        var failures = new SimulationDivergedException?[blocks.Length];
        var progress = new ProgressAggregator(options.Progress, blocks.Length);

        Parallel.For(0, blocks.Length, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = options.Cancellation }, b =>
        {
            try
            {
                new BlockStepper(state, settings, recorders, blocks[b].Start, blocks[b].End).Run(steps, options.Cancellation, f => progress.Report(b, f));
            }
            catch (SimulationDivergedException e)
            {
                failures[b] = e;
            }
        });

        var first = failures.Where(f => f is not null).OrderBy(f => f!.Time).ThenBy(f => f!.Lane).FirstOrDefault();
        if (first is not null) throw first;
        return new SimulationResult([.. recorders.Select(r => r.ToTrace())], lanes.Count, steps);
    }

    /// <summary>Steps one block of lanes through the whole run.</summary>
    private sealed class BlockStepper
    {
        private readonly BatchState _s;
        private readonly SimulationSettings _settings;
        private readonly ProbeRecorder[] _recorders;
        private readonly int _l0, _l1;
        private readonly KernelArguments[] _arguments;
        private readonly int[] _parent;
        private readonly double[] _area;
        private readonly double[] _conductance;
        private readonly double _schemeFactor;

        public BlockStepper(BatchState state, SimulationSettings settings, ProbeRecorder[] recorders, int l0, int l1)
        {
            _s = state;
            _settings = settings;
            _recorders = recorders;
            _l0 = l0;
            _l1 = l1;
            _parent = [.. state.Cell.Parent];
            _area = [.. state.Cell.Area];
            _conductance = [.. state.Cell.AxialConductance];
            _schemeFactor = settings.Scheme == TimeScheme.CrankNicolson ? 2.0 : 1.0;
            _arguments = [.. state.Mechanisms.Select(m => new KernelArguments
            {
                Lanes = state.Lanes, LaneStart = l0, LaneEnd = l1, Nodes = [.. m.Instances.Nodes],
                Voltage = state.Voltage, Parameters = m.Parameters, States = m.States, IonReads = m.IonReads,
                Globals = m.Globals, Current = state.Current, Conductance = state.Conductance, Dt = settings.Dt,
            })];
        }

        // Long loops run once per call: optimise at once instead of starting in tier-0/OSR code.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int steps, CancellationToken cancellation, Action<double> progress)
        {
            var lanes = _s.Lanes;
            var dt = _settings.Dt;
            var v0 = _s.Cell.InitialVoltage;
            for (var i = 0; i < v0.Length; i++)
                for (var l = _l0; l < _l1; l++) _s.Voltage[i * lanes + l] = v0[i];
            for (var m = 0; m < _arguments.Length; m++)
            {
                _arguments[m].Time = 0;
                _s.Mechanisms[m].Kernel.Initialize(_arguments[m]);
            }
            CheckFinite(0.0);
            foreach (var r in _recorders) r.Record(0, _l0, _l1);

            for (var n = 0; n < steps; n++)
            {
                if ((n & 255) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                    progress((double)n / steps);
                }
                Step(n, dt);
                CheckFinite((n + 1) * dt);
                foreach (var r in _recorders) r.Record(n + 1, _l0, _l1);
            }
            progress(1.0);
        }

        // Long loops run once per call: optimise at once instead of starting in tier-0/OSR code.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Step(int n, double dt)
        {
            var lanes = _s.Lanes;
            var nodes = _parent.Length;
            var v = _s.Voltage;
            var cur = _s.Current;
            var cond = _s.Conductance;
            var diag = _s.Diagonal;
            var rhs = _s.Rhs;
            var cm = _s.MembraneCapacitance;
            var tMid = (n + 0.5) * dt;

            for (var i = 0; i < nodes; i++)
            {
                var row = i * lanes;
                Array.Clear(cur, row + _l0, _l1 - _l0);
                Array.Clear(cond, row + _l0, _l1 - _l0);
            }
            for (var m = 0; m < _arguments.Length; m++)
            {
                _arguments[m].Time = tMid;
                _s.Mechanisms[m].Kernel.ComputeCurrents(_arguments[m]);
            }

            // Assemble: units nF/ms = µS on the diagonal, nA on the right-hand side.
            for (var i = 0; i < nodes; i++)
            {
                var row = i * lanes;
                var area = _area[i];
                var membrane = 0.01 * area;          // (mA/cm²)·µm² → nA
                var capacitance = 1e-5 * area * _schemeFactor / dt; // (µF/cm²)·µm² → nF, over dt
                var coupling = _s.CouplingSum[i];
                for (var l = _l0; l < _l1; l++)
                {
                    diag[row + l] = cm[row + l] * capacitance + membrane * cond[row + l] + coupling;
                    rhs[row + l] = -membrane * cur[row + l];
                }
            }
            for (var i = 1; i < nodes; i++)
            {
                var row = i * lanes;
                var parentRow = _parent[i] * lanes;
                var g = _conductance[i];
                for (var l = _l0; l < _l1; l++)
                {
                    var flow = g * (v[row + l] - v[parentRow + l]);
                    rhs[row + l] -= flow;
                    rhs[parentRow + l] += flow;
                }
            }
            for (var l = _l0; l < _l1; l++)
            {
                foreach (var stimulus in _s.Stimuli[l])
                    rhs[stimulus.Node * lanes + l] += stimulus.CurrentAt(n, tMid);
            }

            TreeSolver.Solve(_parent, _s.OffDiagonal, diag, rhs, lanes, _l0, _l1);
            for (var i = 0; i < nodes; i++)
            {
                var row = i * lanes;
                for (var l = _l0; l < _l1; l++) v[row + l] += _schemeFactor * rhs[row + l];
            }

            for (var m = 0; m < _arguments.Length; m++)
            {
                _arguments[m].Time = (n + 1) * dt;
                _s.Mechanisms[m].Kernel.AdvanceState(_arguments[m]);
            }
        }

        // Long loops run once per call: optimise at once instead of starting in tier-0/OSR code.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void CheckFinite(double time)
        {
            var lanes = _s.Lanes;
            var v = _s.Voltage;
            for (var l = _l0; l < _l1; l++)
            {
                for (var i = 0; i < _parent.Length; i++)
                {
                    var x = v[i * lanes + l];
                    if (double.IsFinite(x) && Math.Abs(x) <= VoltageLimit) continue;
                    throw Diverged(time, l, i, "v", x);
                }
                foreach (var m in _s.Mechanisms)
                {
                    for (var k = 0; k < m.States.Length; k++)
                    {
                        var states = m.States[k];
                        for (var j = 0; j < m.Instances.Nodes.Length; j++)
                        {
                            var x = states[j * lanes + l];
                            if (!double.IsFinite(x))
                                throw Diverged(time, l, m.Instances.Nodes[j], $"{m.Instances.Mechanism.Name}.{m.Instances.Mechanism.States[k].Name}", x);
                        }
                    }
                }
            }
        }

        private SimulationDivergedException Diverged(double time, int lane, int node, string what, double value) =>
            new(time, lane, node, what, value, _settings.Dt);
    }

    /// <summary>Combines per-block progress into one fraction.</summary>
    private sealed class ProgressAggregator(IProgress<double>? target, int blocks)
    {
        private readonly double[] _fractions = new double[blocks];

        public void Report(int block, double fraction)
        {
            if (target is null) return;
            lock (_fractions)
            {
                _fractions[block] = fraction;
                target.Report(_fractions.Average());
            }
        }
    }
}
