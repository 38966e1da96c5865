using System.Collections.Immutable;
using NeuronLab.Fitting;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Gradients;

namespace NeuronLab.Experiments.GradientDiffusion;

/// <summary>Which parameters the Fig 2D–H fits learn (gradient-diffusion.md §3.3, §7.1).</summary>
public enum IoFitParameters
{
    /// <summary>The paper's "17-parameter model": the 12 conductances and the 5 reversal potentials.</summary>
    Paper17,

    /// <summary>The reference code's 12 conductances (its lines for the reversal potentials are commented out).</summary>
    Conductances12,
}

/// <summary>
/// The fitting problem of Fig 2D–H on the inferior-olive cell (§3.4, §4): the cell of <see cref="IoSetup"/> without
/// stimulus, V at the root sampled every 1 ms, the loss L = mean((V₀ − V₀_tgt)²)/2 on the root combination, and the
/// synthetic target of <see cref="IoSetup.TargetMultipliers"/>.
/// </summary>
/// <remarks>
/// Every learnable value is seen by the optimizers as x_j = θ_j / |θ_default_j| (<see cref="FitParameter.Scale"/> =
/// |default|): the reference's multipliers for the conductances (x0 = 1), and the same relative scale for the reversal
/// potentials, so that Adam's step (lr 1e-2) and CMA-ES's σ0 = 0.1 mean "1 %" and "10 %" of every parameter alike. The
/// potentials then start at x0 = sign(default) (−1 for V_K and V_h) and the target leaves them unchanged.
/// </remarks>
public sealed class IoFitSetup
{
    public IoFitSetup(IoSetup io, IoFitParameters parameters, double duration, GradientMode mode)
    {
        Names = parameters switch
        {
            IoFitParameters.Paper17 => [.. InferiorOliveCell.Conductances, .. InferiorOliveCell.ReversalPotentials],
            IoFitParameters.Conductances12 => InferiorOliveCell.Conductances,
            _ => throw new ArgumentOutOfRangeException(nameof(parameters), parameters, "Unknown parameter set."),
        };
        var defaults = Names.Select(io.Default).ToArray();
        Start = [.. defaults.Select(d => (double)Math.Sign(d))];
        Truth = [.. Start.Select((x0, j) => j < IoSetup.TargetMultipliers.Length ? IoSetup.TargetMultipliers[j] : x0)];
        var total = io.RootNeighbours.Sum(n => n.Conductance);
        var settings = new SimulationSettings(duration, IoSetup.Dt, TimeScheme.BackwardEuler, [.. io.RootProbes()]);
        Problem = new FittingProblem(io.Lowered, new FixedStepPath(settings, mode),
            [.. Names.Select((n, j) => new FitParameter(n, Math.Abs(defaults[j])))],
            [ImmutableArray<CurrentClamp>.Empty],
            FitLoss.HalfMeanOverTimeOfCombination([.. io.RootNeighbours.Select(n => n.Conductance / total)]));
    }

    /// <summary>The learnable parameters, in optimizer order: conductances (§3.4 order), then reversal potentials.</summary>
    public ImmutableArray<string> Names { get; }

    /// <summary>The optimizers' start x0 (the cell's defaults): ones, and −1 for negative potentials.</summary>
    public ImmutableArray<double> Start { get; }

    /// <summary>The ground truth that made the target (optimizer units).</summary>
    public ImmutableArray<double> Truth { get; }

    /// <summary>One stimulus (none: the cell oscillates on its own), probes at the root's neighbours.</summary>
    public FittingProblem Problem { get; }
}
