using System.Runtime.CompilerServices;
using System.Collections.Immutable;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Gradients;

/// <summary>
/// Exact derivatives of a batched simulation with respect to named parameters of the cell (mechanism fields on
/// regions, reversal potentials, capacitance, stimulus gains): recorded sensitivities (forward mode) and the gradient
/// of any loss of the recorded traces (forward or reverse mode).
/// </summary>
/// <example>
/// <code>
/// var loss = SquaredErrorLoss.HalfMeanOverTime(targets, samples);
/// var g = Differentiation.Gradient(lowered, settings, lanes, loss, ["soma.gnabar", "ek"], new GradientOptions(GradientMode.Reverse));
/// Console.WriteLine($"L = {g.Loss}, dL/dgnabar = {g["soma.gnabar"]}");
/// </code>
/// </example>
public static class Differentiation
{
    /// <summary>Records the probes and their derivatives by every parameter in <paramref name="parameters"/> (forward mode).</summary>
    public static SensitivityResult Sensitivities(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes,
        IReadOnlyList<string> parameters, SimulationOptions? options = null)
    {
        options ??= SimulationOptions.Default;
        var run = RunForward(cell, settings, lanes, parameters, options.Threads, options.Cancellation);
        return new SensitivityResult(run.Recording, [.. parameters], run.Tangents);
    }

    /// <summary>The loss over the recorded traces and dL/dθ for every parameter in <paramref name="parameters"/>.</summary>
    /// <exception cref="SimulationDivergedException">The primal run diverged.</exception>
    public static GradientResult Gradient(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, ITraceLoss loss,
        IReadOnlyList<string> parameters, GradientOptions? options = null)
    {
        options ??= new GradientOptions();
        if (lanes.Count == 0) throw new ArgumentException("A batch needs at least one lane.", nameof(lanes));
        return options.Mode switch
        {
            GradientMode.Forward => ForwardGradient(cell, settings, lanes, loss, parameters, options),
            GradientMode.Reverse => ReverseGradient(cell, settings, lanes, loss, parameters, options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "Unknown gradient mode."),
        };
    }

    private static GradientResult ForwardGradient(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, ITraceLoss loss,
        IReadOnlyList<string> parameters, GradientOptions options)
    {
        var run = RunForward(cell, settings, lanes, parameters, options.Threads, options.Cancellation);
        return FromSensitivities(run.Recording, run.Tangents, loss, parameters);
    }

    /// <summary>
    /// dL/dθ from recorded forward sensitivities: Σ over probes and samples of ∂L/∂trace · d(trace)/dθ, per lane and
    /// summed in lane order (so the result does not depend on the thread count).
    /// </summary>
    /// <param name="tangents">[probe][parameter][lane][sample]</param>
    internal static GradientResult FromSensitivities(SimulationResult recording, double[][][][] tangents, ITraceLoss loss, IReadOnlyList<string> parameters)
    {
        var lanes = recording.Lanes;
        var probes = recording.Traces.Length;
        var lossPerLane = new double[lanes];
        var perLane = new double[lanes][];
        for (var l = 0; l < lanes; l++)
        {
            var (value, gradient) = EvaluateLoss(loss, recording, l);
            lossPerLane[l] = value;
            perLane[l] = new double[parameters.Count];
            for (var q = 0; q < parameters.Count; q++)
            {
                var sum = 0.0;
                for (var p = 0; p < probes; p++)
                {
                    var tangent = tangents[p][q][l];
                    for (var k = 0; k < tangent.Length; k++) sum += gradient[p][k] * tangent[k];
                }
                perLane[l][q] = sum;
            }
        }
        return Result(lossPerLane, parameters, perLane, recording, new GradientStatistics(GradientMode.Forward, 0, 0, 0));
    }

    private static GradientResult ReverseGradient(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, ITraceLoss loss,
        IReadOnlyList<string> parameters, GradientOptions options)
    {
        var steps = settings.StepCount;
        var state = new BatchState(cell, lanes, settings);
        var seeds = new ParameterSeeds(state, parameters);
        var memory = new AdjointMemory(state);
        var recorders = settings.Probes.Select(p => new ProbeRecorder(cell, state, p, settings.Dt, steps)).ToArray();
        var blocks = Blocks(lanes.Count, options.Threads);
        var steppers = new AdjointStepper[blocks.Length];
        var lossPerLane = new double[lanes.Count];
        var losses = new double[lanes.Count][][];
        var failures = new SimulationDivergedException?[blocks.Length];

        Parallel.For(0, blocks.Length, new ParallelOptions { MaxDegreeOfParallelism = blocks.Length, CancellationToken = options.Cancellation }, b =>
        {
            var (l0, l1) = blocks[b];
            var block = new LaneBlock(state, settings, l0, l1);
            var interval = CheckpointInterval(PrimalSnapshot.Doubles(block) * (long)sizeof(double), steps, options);
            using var stepper = steppers[b] = new AdjointStepper(block, memory, interval);
            try
            {
                stepper.ForwardPass(steps, recorders, options.Cancellation);
            }
            catch (SimulationDivergedException e)
            {
                failures[b] = e;
                return;
            }
            var partial = new SimulationResult([.. recorders.Select(r => r.ToTrace())], lanes.Count, steps);
            for (var l = l0; l < l1; l++) (lossPerLane[l], losses[l]) = EvaluateLoss(loss, partial, l);
            stepper.ReverseSweep(steps, n => Inject(n, recorders, losses, memory, state, l0, l1), options.Cancellation);
        });
        var first = failures.Where(f => f is not null).OrderBy(f => f!.Time).ThenBy(f => f!.Lane).FirstOrDefault();
        if (first is not null) throw first;

        var perLane = new double[lanes.Count][];
        for (var l = 0; l < lanes.Count; l++) perLane[l] = Contract(state, seeds, memory, l);
        var recording = new SimulationResult([.. recorders.Select(r => r.ToTrace())], lanes.Count, steps);
        var stats = new GradientStatistics(GradientMode.Reverse, steppers.Min(s => s.CheckpointInterval),
            steppers.Sum(s => s.PeakBytes), steppers.Sum(s => s.RecomputedSteps));
        return Result(lossPerLane, parameters, perLane, recording, stats);
    }

    // dL/dθ_d for lane l = Σ seeds · accumulated field, ion, capacitance and gain gradients.
    private static double[] Contract(BatchState state, ParameterSeeds seeds, AdjointMemory memory, int l)
    {
        var lanes = state.Lanes;
        var result = new double[seeds.Count];
        for (var d = 0; d < seeds.Count; d++)
        {
            var sum = 0.0;
            for (var m = 0; m < state.Mechanisms.Length; m++)
            {
                for (var f = 0; f < seeds.Fields[m][d].Length; f++)
                {
                    if (seeds.Fields[m][d][f] is not { } mask) continue;
                    for (var i = 0; i < mask.Length; i++) sum += mask[i] * memory.FieldGradient[m][f][i * lanes + l];
                }
                for (var r = 0; r < seeds.Ions[m][d].Length; r++)
                {
                    if (seeds.Ions[m][d][r] is not { } mask) continue;
                    for (var i = 0; i < mask.Length; i++) sum += mask[i] * memory.IonGradient[m][r][i * lanes + l];
                }
            }
            if (seeds.Capacitance[d] is { } cm)
                for (var i = 0; i < cm.Length; i++) sum += cm[i] * memory.CapacitanceGradient[i * lanes + l];
            var tracks = state.Stimuli[l];
            for (var s = 0; s < tracks.Length; s++)
                if (tracks[s].GainParameter == seeds.Names[d]) sum += memory.GainGradient[l][s];
            result[d] = sum;
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Inject(int step, ProbeRecorder[] recorders, double[][][] losses, AdjointMemory memory, BatchState state, int l0, int l1)
    {
        var lanes = state.Lanes;
        for (var p = 0; p < recorders.Length; p++)
        {
            var r = recorders[p];
            if (step % r.Every != 0) continue;
            var sample = step / r.Every;
            var target = r.Mechanism < 0 ? memory.VoltageAdjoint : memory.StateAdjoint[r.Mechanism][r.State];
            for (var l = l0; l < l1; l++) target[r.Row * lanes + l] += losses[l][p][sample];
        }
    }

    private static int CheckpointInterval(long snapshotBytes, int steps, GradientOptions options)
    {
        if (steps == 0) return 1;
        if (!options.Checkpointing || (steps + 1) * snapshotBytes <= options.MemoryBudgetBytes) return 1;
        var interval = (int)Math.Ceiling(Math.Sqrt(steps));
        var needed = (steps / interval + 2 + interval) * snapshotBytes;
        if (needed > options.MemoryBudgetBytes)
            throw new InsufficientMemoryException(
                $"Reverse mode needs at least {Size(needed)} with checkpointing every {interval} steps; the budget is {Size(options.MemoryBudgetBytes)}. Raise GradientOptions.MemoryBudgetBytes or use fewer lanes per call.");
        return interval;
    }

    private static string Size(long bytes) =>
        bytes >= 10L << 20 ? $"{bytes >> 20} MiB" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0:F0} KiB");

    private sealed record ForwardRun(SimulationResult Recording, double[][][][] Tangents);

    private static ForwardRun RunForward(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, IReadOnlyList<string> parameters,
        int threads, CancellationToken cancellation)
    {
        var steps = settings.StepCount;
        var state = new BatchState(cell, lanes, settings);
        var seeds = new ParameterSeeds(state, parameters);
        var memory = new TangentMemory(state, seeds);
        var recorders = settings.Probes.Select(p => new ProbeRecorder(cell, state, p, settings.Dt, steps)).ToArray();
        // [probe][direction][lane][sample]
        var tangents = recorders.Select(r => parameters.Select(_ => lanes.Select(_ => new double[r.Samples]).ToArray()).ToArray()).ToArray();
        var blocks = Blocks(lanes.Count, threads);
        var failures = new SimulationDivergedException?[blocks.Length];
        // Optimised from the first call, as the simulator's step loop (a fit's first gradients would run tier-0 code).
        Parallel.For(0, blocks.Length, new ParallelOptions { MaxDegreeOfParallelism = blocks.Length, CancellationToken = cancellation }, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (b) =>
        {
            var (l0, l1) = blocks[b];
            var block = new LaneBlock(state, settings, l0, l1);
            var stepper = new TangentStepper(block, memory);
            try
            {
                stepper.Initialize();
                block.CheckFinite(0);
                Record(0, recorders, tangents, memory, state, l0, l1);
                for (var n = 0; n < steps; n++)
                {
                    if ((n & 255) == 0) cancellation.ThrowIfCancellationRequested();
                    stepper.Step(n);
                    block.CheckFinite((n + 1) * settings.Dt);
                    Record(n + 1, recorders, tangents, memory, state, l0, l1);
                }
            }
            catch (SimulationDivergedException e)
            {
                failures[b] = e;
            }
        });
        var first = failures.Where(f => f is not null).OrderBy(f => f!.Time).ThenBy(f => f!.Lane).FirstOrDefault();
        if (first is not null) throw first;
        return new ForwardRun(new SimulationResult([.. recorders.Select(r => r.ToTrace())], lanes.Count, steps), tangents);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Record(int step, ProbeRecorder[] recorders, double[][][][] tangents, TangentMemory memory, BatchState state, int l0, int l1)
    {
        var lanes = state.Lanes;
        for (var p = 0; p < recorders.Length; p++)
        {
            var r = recorders[p];
            r.Record(step, l0, l1);
            if (step % r.Every != 0) continue;
            var sample = step / r.Every;
            for (var d = 0; d < memory.Directions; d++)
                for (var l = l0; l < l1; l++) tangents[p][d][l][sample] = memory.TangentAt(r, d, l);
        }
    }

    private static (double Value, double[][] Gradient) EvaluateLoss(ITraceLoss loss, SimulationResult recording, int lane)
    {
        var traces = recording.Traces.Select(t => t.Values[lane]).ToArray();
        var gradient = traces.Select(t => new double[t.Length]).ToArray();
        var value = loss.Evaluate(lane, traces, gradient);
        return (value, gradient);
    }

    private static (int Start, int End)[] Blocks(int lanes, int threads)
    {
        threads = Math.Clamp(threads, 1, lanes);
        return [.. Enumerable.Range(0, threads).Select(b => (lanes * b / threads, lanes * (b + 1) / threads)).Where(b => b.Item2 > b.Item1)];
    }

    private static GradientResult Result(double[] lossPerLane, IReadOnlyList<string> parameters, double[][] perLane, SimulationResult recording, GradientStatistics stats)
    {
        var total = new double[parameters.Count];
        foreach (var g in perLane) for (var q = 0; q < total.Length; q++) total[q] += g[q];
        return new GradientResult(lossPerLane.Sum(), [.. lossPerLane], [.. parameters], [.. total], perLane, recording, stats);
    }
}
