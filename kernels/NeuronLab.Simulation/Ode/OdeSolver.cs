using System.Collections.Immutable;
using NeuronLab.Numerics.Ode;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Ode;

/// <summary>
/// Adaptive Runge–Kutta (default Dormand–Prince 5(4)) simulation of a small cell as one ODE system, batched over lanes,
/// with forward sensitivities integrated by the same stepper.
/// </summary>
/// <remarks>
/// <para><b>Steps per lane.</b> Every lane chooses its own steps (as if solved alone), so a lane's result does not depend
/// on the rest of the batch or on the thread count. At rtol = atol = 1e-8 this agrees with a batch-shared step (what
/// torchdiffeq does for the authors' batched solve) to well below the tolerance-level error of either.</para>
/// <para><b>Sensitivities.</b> y is augmented with S_q = dy/dθ_q; only y enters the error norm, so the accepted steps are
/// exactly those of the plain simulation. An explicit Runge–Kutta step applied to the augmented system is the exact
/// derivative of the same step applied to y (internal differentiation), and the dense output is linear in the stages,
/// so the sensitivities are the exact derivative of the discrete solution <i>with the step sequence held fixed</i>;
/// the dependence of the chosen step sizes on θ is not differentiated. Replaying a run's <see cref="OdeResult.Schedule"/>
/// (<see cref="OdeSettings.Schedule"/>) gives a function of θ whose derivative this is exactly.</para>
/// <para><b>Stimulus edges.</b> <see cref="StimulusEdges.Clip"/> (default) ends steps on the jumps of piecewise-constant
/// stimuli; <see cref="StimulusEdges.Reject"/> steps across them with rejection as torchdiffeq does.</para>
/// </remarks>
/// <example>
/// <code>
/// var settings = new OdeSettings(1e-8, 1e-8, times, times[0], probes);
/// var run = OdeSolver.Simulate(lowered, settings, lanes);
/// var g = OdeSolver.Gradient(lowered, settings, lanes, loss, ["gNa0", "gK0"]);
/// </code>
/// </example>
public static class OdeSolver
{
    /// <summary>Simulates every lane and records the probes at the output times.</summary>
    /// <exception cref="SimulationDivergedException">A lane's solution stopped being finite or its steps underflowed.</exception>
    public static OdeResult Simulate(LoweredCell cell, OdeSettings settings, IReadOnlyList<Lane> lanes, SimulationOptions? options = null) =>
        Run(cell, settings, lanes, [], options ?? SimulationOptions.Default).Result;

    /// <summary>Simulates and records d(probe)/dθ for every parameter in <paramref name="parameters"/> (forward mode).</summary>
    public static OdeSensitivityResult Sensitivities(LoweredCell cell, OdeSettings settings, IReadOnlyList<Lane> lanes,
        IReadOnlyList<string> parameters, SimulationOptions? options = null)
    {
        var run = Run(cell, settings, lanes, parameters, options ?? SimulationOptions.Default);
        return new OdeSensitivityResult(run.Result, [.. parameters], run.Tangents);
    }

    /// <summary>The loss over the recorded traces and dL/dθ by forward sensitivities (see the remarks on exactness).</summary>
    public static GradientResult Gradient(LoweredCell cell, OdeSettings settings, IReadOnlyList<Lane> lanes, ITraceLoss loss,
        IReadOnlyList<string> parameters, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var run = Run(cell, settings, lanes, parameters, options ?? SimulationOptions.Default);
        return Differentiation.FromSensitivities(run.Result.Recording, run.Tangents, loss, parameters);
    }

    private static (OdeResult Result, double[][][][] Tangents) Run(LoweredCell cell, OdeSettings settings, IReadOnlyList<Lane> lanes,
        IReadOnlyList<string> parameters, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(lanes);
        if (lanes.Count == 0) throw new ArgumentException("A batch needs at least one lane.", nameof(lanes));
        if (settings.OutputTimes.IsDefaultOrEmpty) throw new ArgumentException("At least one output time is needed.", nameof(settings));
        if (settings.Schedule is { } schedule && schedule.StepEnds.Length != lanes.Count)
            throw new ArgumentException($"The step schedule has {schedule.StepEnds.Length} lanes, the batch {lanes.Count}.", nameof(settings));
        if (parameters.Distinct().Count() != parameters.Count) throw new ArgumentException("Parameters must be distinct.", nameof(parameters));
        var control = settings.Control;
        control.Validate();

        var times = settings.OutputTimes.ToArray();
        var samples = times.Length;
        var probes = settings.Probes;
        var values = probes.Select(_ => new double[lanes.Count][]).ToArray();
        var tangents = probes.Select(_ => parameters.Select(_ => new double[lanes.Count][]).ToArray()).ToArray();
        var statistics = new OdeStatistics[lanes.Count];
        var stepEnds = new ImmutableArray<double>[lanes.Count];
        var threads = Math.Clamp(options.Threads, 1, lanes.Count);
        var t0 = settings.StartTime;
        var tEnd = times[^1];

        void Work(int worker)
        {
            var system = new CellOdeSystem(cell, parameters);
            var components = probes.Select(system.ComponentOf).ToArray();
            var solver = new RungeKuttaSolver(settings.Method, system.Dimension);
            var y0 = new double[system.Dimension];
            var output = new double[samples * system.Dimension];
            var ends = new List<double>();
            for (var l = worker; l < lanes.Count; l += threads)
            {
                options.Cancellation.ThrowIfCancellationRequested();
                system.SetLane(lanes[l], l, t0, tEnd, settings.Edges, y0);
                ends.Clear();
                try
                {
                    statistics[l] = settings.Schedule is { } replay
                        ? solver.Replay(system, t0, y0, times, output, replay.StepEnds[l].AsSpan(), system.Breakpoints)
                        : solver.Solve(system, t0, y0, times, output, control, system.Breakpoints, system.StateCount, ends);
                }
                catch (OdeIntegrationException e)
                {
                    throw new SimulationDivergedException(e.Time, l, -1, "ODE step", double.NaN, e.Step);
                }
                stepEnds[l] = settings.Schedule is { } s ? s.StepEnds[l] : [.. ends];
                var dimension = system.Dimension;
                for (var k = 0; k < samples; k++)
                {
                    for (var n = 0; n < system.Nodes; n++)
                    {
                        var v = output[k * dimension + n];
                        if (!double.IsFinite(v) || Math.Abs(v) > Simulator.VoltageLimit)
                            throw new SimulationDivergedException(times[k], l, n, "v", v, double.NaN);
                    }
                }
                for (var p = 0; p < probes.Length; p++)
                {
                    var trace = new double[samples];
                    for (var k = 0; k < samples; k++) trace[k] = output[k * dimension + components[p]];
                    values[p][l] = trace;
                    for (var q = 0; q < parameters.Count; q++)
                    {
                        var tangent = new double[samples];
                        var component = system.StateCount * (1 + q) + components[p];
                        for (var k = 0; k < samples; k++) tangent[k] = output[k * dimension + component];
                        tangents[p][q][l] = tangent;
                    }
                }
                options.Progress?.Report((double)(l + 1) / lanes.Count);
            }
        }

        if (threads == 1) Work(0);
        else Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = options.Cancellation }, Work);

        var traces = probes.Select((probe, p) => new Trace(probe, [.. times], values[p], probe.Quantity is Model.Cells.VoltageQuantity ? "mV" : "1"));
        var recording = new SimulationResult([.. traces], lanes.Count, statistics.Max(s => s.Accepted));
        return (new OdeResult(recording, [.. statistics], new OdeStepSchedule([.. stepEnds])), tangents);
    }
}
