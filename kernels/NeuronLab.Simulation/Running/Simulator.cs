using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Network;
using NeuronLab.Simulation.Lowering;
using NeuronLab.Simulation.Network;

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
/// depend on the thread count. In a network (<see cref="LaneNetwork"/>) a step also delivers the events due (before
/// step 1), adds the synapses' currents to the system (with step 2), decays them (with step 4) and checks the detectors
/// at its end; lanes meet only between windows of the smallest delay (docs/network-file.md).
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
    public static SimulationResult Run(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, SimulationOptions? options = null) =>
        Execute(cell, settings, lanes, null, options).Recording;

    /// <summary>
    /// Runs the lanes as the cells of <paramref name="network"/>: its synapses and spike detectors on every lane, its
    /// connections carrying spikes between lanes with their delays. Results do not depend on the thread count.
    /// </summary>
    public static NetworkResult Run(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, LaneNetwork network, SimulationOptions? options = null) =>
        Execute(cell, settings, lanes, network, options);

    /// <inheritdoc cref="Run(LoweredCell, SimulationSettings, IReadOnlyList{Lane}, LaneNetwork, SimulationOptions?)"/>
    public static NetworkResult Run(CellDescription cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, LaneNetwork network, SimulationOptions? options = null) =>
        Execute(CellLowering.Lower(cell), settings, lanes, network, options);

    /// <summary>
    /// Steps every block through windows of <see cref="SpikeRouter.WindowSteps"/> steps (the whole run without a
    /// network), routing the window's spikes between windows.
    /// </summary>
    private static NetworkResult Execute(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, LaneNetwork? network, SimulationOptions? options)
    {
        options ??= SimulationOptions.Default;
        if (lanes.Count == 0) throw new ArgumentException("A batch needs at least one lane.", nameof(lanes));
        var steps = settings.StepCount;
        var state = new BatchState(cell, lanes, settings);
        var recorders = settings.Probes.Select(p => new ProbeRecorder(cell, state, p, settings.Dt, steps)).ToArray();
        var events = network is null ? null : new NetworkState(cell, network, lanes.Count, settings.Dt);

        var blocks = Blocks(lanes.Count, options.Threads);
        var steppers = blocks.Select(b => new BlockStepper(state, settings, recorders, events, b.Start, b.End)).ToArray();
        var failures = new SimulationDivergedException?[blocks.Length];
        var progress = new ProgressAggregator(options.Progress, blocks.Length);
        var window = events?.Router.WindowSteps ?? int.MaxValue;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = blocks.Length, CancellationToken = options.Cancellation };

        var from = 0;
        do
        {
            var to = (int)Math.Min(steps, (long)from + window);
            Parallel.For(0, blocks.Length, parallel, b =>
            {
                try
                {
                    steppers[b].Run(from, to, steps, options.Cancellation, f => progress.Report(b, f));
                }
                catch (SimulationDivergedException e)
                {
                    failures[b] = e;
                }
            });
            var first = failures.Where(f => f is not null).OrderBy(f => f!.Time).ThenBy(f => f!.Lane).FirstOrDefault();
            if (first is not null) throw first;
            events?.EndWindow(steppers.Select(s => s.WindowSpikes));
            from = to;
        }
        while (from < steps);

        var recording = new SimulationResult([.. recorders.Select(r => r.ToTrace())], lanes.Count, steps);
        return events?.Result(recording) ?? new NetworkResult(recording, [], []);
    }

    /// <summary>
    /// Splits <paramref name="lanes"/> into at most <paramref name="threads"/> contiguous blocks whose boundaries are
    /// multiples of the SIMD width (4 doubles), so only the last block can end in a partial vector group.
    /// </summary>
    internal static (int Start, int End)[] Blocks(int lanes, int threads)
    {
        const int width = 4;
        var groups = (lanes + width - 1) / width;
        threads = Math.Clamp(threads, 1, groups);
        return [.. Enumerable.Range(0, threads)
            .Select(b => (Start: Math.Min(lanes, width * (groups * b / threads)), End: Math.Min(lanes, width * (groups * (b + 1) / threads))))
            .Where(b => b.End > b.Start)];
    }

    /// <summary>Steps one block of lanes, window by window.</summary>
    private sealed class BlockStepper(BatchState state, SimulationSettings settings, ProbeRecorder[] recorders, NetworkState? events, int l0, int l1)
    {
        private readonly LaneBlock _block = new(state, settings, l0, l1);

        /// <summary>Spikes found during the last window (routed by the caller between windows).</summary>
        public List<Spike> WindowSpikes { get; } = [];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int from, int to, int steps, CancellationToken cancellation, Action<double> progress)
        {
            var dt = settings.Dt;
            WindowSpikes.Clear();
            if (from == 0)
            {
                _block.Initialize();
                _block.CheckFinite(0.0);
                events?.Detection.Initialize(state.Voltage, l0, l1);
                foreach (var r in recorders) r.Record(0, l0, l1);
            }
            for (var n = from; n < to; n++)
            {
                if ((n & 255) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                    progress((double)n / steps);
                }
                events?.Router.Deliver(n, events.Synapses, l0, l1);
                _block.ComputeCurrents(n);
                _block.Assemble(n);
                events?.Synapses.AddToSystem(state.Voltage, state.Diagonal, state.Rhs, l0, l1);
                _block.Solve();
                _block.AdvanceVoltage(state.Rhs);
                _block.AdvanceStates(n);
                events?.Synapses.Decay(l0, l1);
                _block.CheckFinite((n + 1) * dt);
                events?.Detection.Check(state.Voltage, (n + 1) * dt, l0, l1, WindowSpikes);
                foreach (var r in recorders) r.Record(n + 1, l0, l1);
            }
            if (to == steps) progress(1.0);
        }
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
