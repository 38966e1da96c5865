using System.Collections.Immutable;
using NeuronLab.Optimization.Objectives;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Ode;

namespace NeuronLab.Fitting;

/// <summary>
/// A <see cref="FittingProblem"/> with its targets: evaluates the loss and its gradient for one model over the whole
/// stimulus set (one lane per stimulus, one batch), and the losses of a whole population (candidates × stimuli as the
/// lanes of one batch). Adapts to <see cref="GradientObjective"/> and <see cref="BatchObjective"/> for
/// <c>OptimizationRun</c>; see <see cref="FitRun"/>.
/// </summary>
/// <example>
/// <code>
/// var objective = FitObjective.FromGroundTruth(problem, truth, new FitOptions(Threads: 2));
/// var e = objective.Evaluate(x0, withGradient: true);   // e.Loss, e.Gradient
/// </code>
/// </example>
public sealed partial class FitObjective
{
    private readonly ITraceLoss _loss;
    private long _simulations;

    private FitObjective(FittingProblem problem, double[]?[][] targets, ImmutableArray<double>? groundTruth, FitOptions options)
    {
        Problem = problem;
        Targets = targets;
        GroundTruth = groundTruth ?? [];
        Options = options;
        _loss = problem.Loss.Create(targets, problem.Path.Probes.Count, problem.Path.Samples);
    }

    /// <summary>The problem.</summary>
    public FittingProblem Problem { get; }

    /// <summary>Targets [stimulus][probe][sample]; null for unrecorded probes.</summary>
    public double[]?[][] Targets { get; }

    /// <summary>The ground truth (optimizer units) the targets were made from; empty when the targets were given.</summary>
    public ImmutableArray<double> GroundTruth { get; }

    /// <summary>Threads and cancellation.</summary>
    public FitOptions Options { get; }

    /// <summary>Single-lane simulations run so far by this objective (targets included).</summary>
    public long Simulations => Interlocked.Read(ref _simulations);

    /// <summary>Simulates the ground truth <paramref name="groundTruth"/> (optimizer units) with the problem's target
    /// stimulation and keeps the recorded probes as targets.</summary>
    public static FitObjective FromGroundTruth(FittingProblem problem, IReadOnlyList<double> groundTruth, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        problem.Validate();
        options ??= new FitOptions();
        var truth = groundTruth.ToArray();
        var lanes = Enumerable.Range(0, problem.StimulusCount).Select(s => problem.Lane(truth, s, problem.EffectiveTargetStimulation)).ToList();
        var recording = Simulate(problem.Path, problem.Cell, lanes, options);
        var targets = new double[]?[problem.StimulusCount][];
        for (var s = 0; s < targets.Length; s++)
            targets[s] = [.. problem.Path.Probes.Select(p => problem.Recording.Contains(p.Name) ? (double[]?)recording[p.Name].Values[s] : null)];
        var objective = new FitObjective(problem, targets, [.. truth], options);
        objective._simulations = lanes.Count;
        return objective;
    }

    /// <summary>Uses given targets [stimulus][probe][sample] (e.g. recordings); the recording sites mask them further.</summary>
    public static FitObjective FromTargets(FittingProblem problem, double[]?[][] targets, FitOptions? options = null, IReadOnlyList<double>? groundTruth = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(targets);
        problem.Validate();
        if (targets.Length != problem.StimulusCount) throw new ArgumentException($"{targets.Length} targets for {problem.StimulusCount} stimuli.", nameof(targets));
        var probes = problem.Path.Probes;
        var masked = targets.Select((t, s) => t.Length == probes.Count
            ? probes.Select((p, i) => problem.Recording.Contains(p.Name) ? t[i] : null).ToArray()
            : throw new ArgumentException($"Stimulus {s}: {t.Length} target traces for {probes.Count} probes.", nameof(targets))).ToArray();
        return new FitObjective(problem, masked, groundTruth is null ? null : [.. groundTruth], options ?? new FitOptions());
    }

    /// <summary>The loss (and, if asked, dL/dx) of the model with learnable values <paramref name="x"/> over every stimulus.</summary>
    public FitEvaluation Evaluate(ReadOnlySpan<double> x, bool withGradient = true)
    {
        var lanes = ModelLanes(x);
        Interlocked.Add(ref _simulations, lanes.Count);
        if (!withGradient)
        {
            var recording = Simulate(Problem.Path, Problem.Cell, lanes, Options);
            var perLane = LaneLosses(recording, s => s);
            return new FitEvaluation(perLane.Sum(), [], [.. perLane], recording);
        }
        var names = Problem.ParameterNames;
        var result = Problem.Path switch
        {
            FixedStepPath f => Differentiation.Gradient(Problem.Cell, f.Settings, lanes, _loss, names,
                new GradientOptions(f.Mode, Options.Threads, Cancellation: Options.Cancellation)),
            OdePath o => OdeSolver.Gradient(Problem.Cell, o.Settings, lanes, _loss, names, new SimulationOptions(Options.Threads, Options.Cancellation)),
            _ => throw new NotSupportedException($"Unknown simulation path {Problem.Path.GetType().Name}."),
        };
        var gradient = new double[names.Length];
        for (var i = 0; i < gradient.Length; i++) gradient[i] = result.Gradient[i] * Problem.Parameters[i].Scale;
        return new FitEvaluation(result.Loss, [.. gradient], result.LossPerLane, result.Recording);
    }

    /// <summary>The model's traces at <paramref name="x"/>, one lane per stimulus (no loss).</summary>
    public SimulationResult Simulate(ReadOnlySpan<double> x)
    {
        var lanes = ModelLanes(x);
        Interlocked.Add(ref _simulations, lanes.Count);
        return Simulate(Problem.Path, Problem.Cell, lanes, Options);
    }

    /// <summary>As a <see cref="GradientObjective"/> (loss, gradient in optimizer units).</summary>
    public GradientObjective AsGradientObjective() => (x, gradient) =>
    {
        var e = Evaluate(x, withGradient: true);
        e.Gradient.AsSpan().CopyTo(gradient);
        return e.Loss;
    };

    /// <summary>As a <see cref="BatchObjective"/> (<see cref="PopulationLosses"/>).</summary>
    public BatchObjective AsBatchObjective() => PopulationLosses;

    private List<Lane> ModelLanes(ReadOnlySpan<double> x)
    {
        var lanes = new List<Lane>(Problem.StimulusCount);
        for (var s = 0; s < Problem.StimulusCount; s++) lanes.Add(Problem.Lane(x, s, Problem.Stimulation));
        return lanes;
    }

    /// <summary>ℓ for every lane of <paramref name="recording"/>; lane l is compared with the targets of stimulus <paramref name="stimulusOf"/>(l).</summary>
    private double[] LaneLosses(SimulationResult recording, Func<int, int> stimulusOf)
    {
        var probes = recording.Traces.Length;
        var losses = new double[recording.Lanes];
        var traces = new double[probes][];
        var scratch = recording.Traces.Select(t => new double[t.Times.Length]).ToArray();
        for (var l = 0; l < losses.Length; l++)
        {
            for (var p = 0; p < probes; p++)
            {
                traces[p] = recording.Traces[p].Values[l];
                Array.Clear(scratch[p]);
            }
            losses[l] = _loss.Evaluate(stimulusOf(l), traces, scratch);
        }
        return losses;
    }

    private static SimulationResult Simulate(SimulationPath path, Simulation.Lowering.LoweredCell cell, IReadOnlyList<Lane> lanes, FitOptions options) => path switch
    {
        FixedStepPath f => Simulator.Run(cell, f.Settings, lanes, new SimulationOptions(options.Threads, options.Cancellation)),
        OdePath o => OdeSolver.Simulate(cell, o.Settings, lanes, new SimulationOptions(options.Threads, options.Cancellation)).Recording,
        _ => throw new NotSupportedException($"Unknown simulation path {path.GetType().Name}."),
    };
}

/// <summary>Threads (lanes are split among them; results do not depend on the count) and cancellation.</summary>
public sealed record FitOptions(int Threads = 1, CancellationToken Cancellation = default);
