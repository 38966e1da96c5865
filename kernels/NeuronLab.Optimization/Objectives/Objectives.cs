namespace NeuronLab.Optimization.Objectives;

/// <summary>
/// A differentiable objective: returns f(x) and writes ∂f/∂x into <paramref name="gradient"/>
/// (same length as <paramref name="x"/>). Used by the gradient optimizers.
/// </summary>
public delegate double GradientObjective(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>
/// A batch objective: evaluates all candidates of one generation at once (e.g. as one batched simulation) and
/// writes f(candidates[k]) into <paramref name="losses"/>[k]. Used by ask/tell optimizers such as CMA-ES.
/// NaN losses are treated as +∞ (worst).
/// </summary>
public delegate void BatchObjective(IReadOnlyList<double[]> candidates, Span<double> losses);
