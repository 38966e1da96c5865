using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NeuronLab.Model.Cells;
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

        var blocks = Blocks(lanes.Count, options.Threads);
        var threads = blocks.Length;
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

    /// <summary>Steps one block of lanes through the whole run.</summary>
    private sealed class BlockStepper(BatchState state, SimulationSettings settings, ProbeRecorder[] recorders, int l0, int l1)
    {
        private readonly LaneBlock _block = new(state, settings, l0, l1);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int steps, CancellationToken cancellation, Action<double> progress)
        {
            var dt = settings.Dt;
            _block.Initialize();
            _block.CheckFinite(0.0);
            foreach (var r in recorders) r.Record(0, l0, l1);
            for (var n = 0; n < steps; n++)
            {
                if ((n & 255) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                    progress((double)n / steps);
                }
                _block.ComputeCurrents(n);
                _block.Assemble(n);
                _block.Solve();
                _block.AddScaled(state.Voltage, state.Rhs);
                _block.AdvanceStates(n);
                _block.CheckFinite((n + 1) * dt);
                foreach (var r in recorders) r.Record(n + 1, l0, l1);
            }
            progress(1.0);
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
