using System.Collections.Immutable;

namespace NeuronLab.Optimization.Records;

/// <summary>One iteration (gradient step or CMA-ES generation) of an optimization run.</summary>
/// <param name="Iteration">0-based iteration index.</param>
/// <param name="Loss">The loss of this iteration (gradient methods: at the current point; ask/tell: best of the
/// generation).</param>
/// <param name="Parameters">The point the loss belongs to, in constrained (objective) space.</param>
/// <param name="GradientNorm">‖∂f/∂x‖₂ in constrained space; null for gradient-free methods.</param>
/// <param name="DistanceToTruth">‖x − x_true‖₂ when a ground truth is known, else null.</param>
/// <param name="Evaluations">Objective evaluations used so far (cumulative).</param>
/// <param name="Simulations">Simulations used so far (evaluations × simulations per evaluation).</param>
/// <param name="WallSeconds">Wall time since the run started [s], summed over resumed sessions.</param>
public sealed record RunRecord(int Iteration, double Loss, ImmutableArray<double> Parameters, double? GradientNorm,
    double? DistanceToTruth, long Evaluations, long Simulations, double WallSeconds);
