using System.Collections.Immutable;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Gradients;

/// <summary>An instantaneous error ε(t) of the probes' present values, per lane (e.g. (V − V_target)²/2).</summary>
public interface IInstantError
{
    /// <summary>ε for <paramref name="lane"/> at time <paramref name="t"/> given the probes' values
    /// <paramref name="probes"/> (in the settings' order); writes ∂ε/∂probe into <paramref name="gradient"/>.</summary>
    double Evaluate(int lane, double t, ReadOnlySpan<double> probes, Span<double> gradient);
}

/// <summary>ε = Σ_p w_p (q_p − target_p)² / 2 with constant targets per probe.</summary>
public sealed record SquaredDeviation(ImmutableArray<double> Targets, ImmutableArray<double> Weights) : IInstantError
{
    public double Evaluate(int lane, double t, ReadOnlySpan<double> probes, Span<double> gradient)
    {
        var error = 0.0;
        for (var p = 0; p < probes.Length; p++)
        {
            var d = probes[p] - Targets[p];
            error += 0.5 * Weights[p] * d * d;
            gradient[p] = Weights[p] * d;
        }
        return error;
    }
}

/// <summary>
/// Online gradient descent as a dynamical system (Landsmeer et al. 2024, eq. 6; gradient-diffusion.md §1.6): the
/// sensitivities X = ∂V/∂θ, S = ∂s/∂θ are stepped with the simulation and forget at rate λ; the error e (de/dt = ε)
/// has sensitivity E_θ with dE_θ/dt = ∂ε/∂q·q̇_θ − λE_θ; and the parameters move during the run, dθ/dt = −α·E_θ
/// (times θ(0) when <see cref="ScaleByInitialValue"/>, as the authors' code does).
/// </summary>
/// <param name="ForgettingRate">λ [1/ms]; every sensitivity decays by e^{−λ·dt} per step.</param>
/// <param name="LearningRate">α [1/ms per unit of E].</param>
/// <param name="RecordEvery">Steps between samples of θ, E and ε.</param>
public sealed record OnlineLearningOptions(double ForgettingRate, double LearningRate, bool ScaleByInitialValue = false, int RecordEvery = 40);

/// <summary>Trajectories of an online-learning run: θ(t), E_θ(t) and ε(t) per lane, and the probes.</summary>
/// <param name="Parameters">[parameter][lane][sample]</param>
/// <param name="ErrorSensitivity">[parameter][lane][sample]: E_θ.</param>
/// <param name="Error">[lane][sample]: ε.</param>
public sealed record OnlineLearningResult(
    SimulationResult Recording, ImmutableArray<string> Names, double[] Times, double[][][] Parameters, double[][][] ErrorSensitivity, double[][] Error);

/// <summary>Runs online learning (<see cref="OnlineLearningOptions"/>) on a batch.</summary>
public static class OnlineLearning
{
    public static OnlineLearningResult Run(LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, IReadOnlyList<string> parameters,
        IInstantError error, OnlineLearningOptions options, SimulationOptions? simulation = null)
    {
        simulation ??= SimulationOptions.Default;
        var steps = settings.StepCount;
        var state = new BatchState(cell, lanes, settings);
        var seeds = new ParameterSeeds(state, parameters);
        var memory = new TangentMemory(state, seeds);
        var recorders = settings.Probes.Select(p => new ProbeRecorder(cell, state, p, settings.Dt, steps)).ToArray();
        var samples = steps / options.RecordEvery + 1;
        var theta = parameters.Select(_ => lanes.Select(_ => new double[samples]).ToArray()).ToArray();
        var sensitivity = parameters.Select(_ => lanes.Select(_ => new double[samples]).ToArray()).ToArray();
        var errors = lanes.Select(_ => new double[samples]).ToArray();
        var decay = Math.Exp(-options.ForgettingRate * settings.Dt);
        var dt = settings.Dt;

        // One block per lane keeps the per-lane bookkeeping simple; lanes are independent, so this is exact.
        var failures = new SimulationDivergedException?[lanes.Count];
        Parallel.For(0, lanes.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, simulation.Threads), CancellationToken = simulation.Cancellation }, l =>
        {
            var block = new LaneBlock(state, settings, l, l + 1);
            var stepper = new TangentStepper(block, memory);
            var values = parameters.Select(p => lanes[l].Parameters.TryGetValue(p, out var v) ? v : cell.Description.Parameter(p).Default).ToArray();
            var initial = values.ToArray();
            var e = new double[parameters.Count];
            var q = new double[recorders.Length];
            var dq = new double[recorders.Length];
            stepper.Initialize();
            foreach (var r in recorders) r.Record(0, l, l + 1);
            Sample(0, l);
            try
            {
                Learn();
            }
            catch (SimulationDivergedException diverged)
            {
                failures[l] = diverged;
            }

            void Learn()
            {
            for (var n = 0; n < steps; n++)
            {
                if ((n & 255) == 0) simulation.Cancellation.ThrowIfCancellationRequested();
                stepper.Step(n);
                block.CheckFinite((n + 1) * dt);
                foreach (var r in recorders) r.Record(n + 1, l, l + 1);
                Decay(l);
                // E_θ ← e^{−λdt}(E_θ + dt·∂ε/∂q·q̇_θ), then θ ← θ − dt·α·E_θ (·θ₀).
                for (var p = 0; p < recorders.Length; p++) q[p] = Read(recorders[p], null, l);
                var epsilon = error.Evaluate(l, (n + 1) * dt, q, dq);
                for (var d = 0; d < parameters.Count; d++)
                {
                    var dedtheta = 0.0;
                    for (var p = 0; p < recorders.Length; p++) dedtheta += dq[p] * Read(recorders[p], d, l);
                    e[d] = decay * (e[d] + dt * dedtheta);
                    values[d] -= dt * options.LearningRate * e[d] * (options.ScaleByInitialValue ? initial[d] : 1.0);
                    Apply(d, l, values[d]);
                }
                if ((n + 1) % options.RecordEvery == 0) Sample((n + 1) / options.RecordEvery, l, epsilon);
            }
            }

            void Sample(int k, int lane, double epsilon = double.NaN)
            {
                for (var d = 0; d < parameters.Count; d++)
                {
                    theta[d][lane][k] = values[d];
                    sensitivity[d][lane][k] = e[d];
                }
                errors[lane][k] = epsilon;
            }
        });

        var first = failures.Where(f => f is not null).OrderBy(f => f!.Time).ThenBy(f => f!.Lane).FirstOrDefault();
        if (first is not null) throw first;
        var times = Enumerable.Range(0, samples).Select(k => k * options.RecordEvery * dt).ToArray();
        return new OnlineLearningResult(new SimulationResult([.. recorders.Select(r => r.ToTrace())], lanes.Count, steps),
            [.. parameters], times, theta, sensitivity, errors);

        double Read(ProbeRecorder r, int? direction, int lane)
        {
            if (direction is { } d) return memory.TangentAt(r, d, lane);
            var source = r.Mechanism < 0 ? state.Voltage : state.Mechanisms[r.Mechanism].States[r.State];
            return source[r.Row * state.Lanes + lane];
        }

        void Decay(int lane)
        {
            for (var i = 0; i < cell.NodeCount; i++)
                for (var d = 0; d < memory.Directions; d++) memory.VoltageTangent[memory.NodeIndex(i, d, lane)] *= decay;
            for (var m = 0; m < memory.StateTangent.Length; m++)
            {
                var layout = memory.Arguments[m];
                foreach (var st in memory.StateTangent[m])
                    for (var i = 0; i < layout.Instances; i++)
                        for (var d = 0; d < memory.Directions; d++) st[layout.StateIndex(i, d, lane)] *= decay;
            }
        }

        // Writes θ into every field the named parameter sets, for one lane.
        void Apply(int d, int lane, double value)
        {
            var lanesCount = state.Lanes;
            for (var m = 0; m < state.Mechanisms.Length; m++)
            {
                for (var f = 0; f < seeds.Fields[m][d].Length; f++)
                {
                    if (seeds.Fields[m][d][f] is not { } mask) continue;
                    for (var i = 0; i < mask.Length; i++) if (mask[i] != 0) state.Mechanisms[m].Parameters[f][i * lanesCount + lane] = value;
                }
                for (var r = 0; r < seeds.Ions[m][d].Length; r++)
                {
                    if (seeds.Ions[m][d][r] is not { } mask) continue;
                    for (var i = 0; i < mask.Length; i++) if (mask[i] != 0) state.Mechanisms[m].IonReads[r][i * lanesCount + lane] = value;
                }
            }
            if (seeds.Capacitance[d] is { } cm)
                for (var i = 0; i < cm.Length; i++) if (cm[i] != 0) state.MembraneCapacitance[i * lanesCount + lane] = value;
            foreach (var track in state.Stimuli[lane]) if (track.GainParameter == seeds.Names[d]) track.ParameterGain = value;
        }
    }
}
