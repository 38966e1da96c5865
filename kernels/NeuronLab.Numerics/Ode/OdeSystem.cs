namespace NeuronLab.Numerics.Ode;

/// <summary>
/// A first-order system y' = f(t, y) for <see cref="RungeKuttaSolver"/>. The right-hand side may be discontinuous
/// in t at the solver's breakpoints only; <c>segment</c> says which interval between breakpoints an evaluation belongs
/// to (0 before the first breakpoint, k after the k-th), so a stage evaluated exactly at a breakpoint sees the side of
/// the step it belongs to.
/// </summary>
public interface IOdeSystem
{
    /// <summary>Number of components of y.</summary>
    int Dimension { get; }

    /// <summary>Writes f(t, y) into <paramref name="dydt"/>.</summary>
    void Evaluate(double t, int segment, ReadOnlySpan<double> y, Span<double> dydt);
}

/// <summary>
/// Adaptive step-size control as in Hairer, Nørsett &amp; Wanner (II.4) and torchdiffeq's dopri5: the error ratio is the
/// RMS over the controlled components of err/(atol + rtol·max(|y₀|, |y₁|)); a step is accepted when the ratio is ≤ 1;
/// the next step is h·min(MaxGrowth, max(Safety·ratio^(−1/order), MaxShrink)), never shrinking after an accepted step.
/// </summary>
/// <param name="RelativeTolerance">rtol (dimensionless).</param>
/// <param name="AbsoluteTolerance">atol (in the units of y).</param>
/// <param name="Safety">Safety factor on the optimal step.</param>
/// <param name="MaxGrowth">Largest factor a step may grow by (torchdiffeq's ifactor).</param>
/// <param name="MaxShrink">Smallest factor a rejected step shrinks to (torchdiffeq's dfactor).</param>
/// <param name="InitialStep">First step; 0 picks it with Hairer's heuristic (as torchdiffeq does).</param>
/// <param name="MaxStep">Largest step.</param>
/// <param name="MaxSteps">Accepted plus rejected steps before giving up.</param>
public sealed record StepControl(
    double RelativeTolerance,
    double AbsoluteTolerance,
    double Safety = 0.9,
    double MaxGrowth = 10.0,
    double MaxShrink = 0.2,
    double InitialStep = 0.0,
    double MaxStep = double.PositiveInfinity,
    int MaxSteps = 1_000_000)
{
    /// <summary>Checks the values.</summary>
    public void Validate()
    {
        if (!(RelativeTolerance >= 0) || !(AbsoluteTolerance >= 0) || RelativeTolerance + AbsoluteTolerance <= 0)
            throw new ArgumentException($"Tolerances must be non-negative and not both zero (rtol {RelativeTolerance}, atol {AbsoluteTolerance}).");
        if (!(Safety > 0 && Safety <= 1)) throw new ArgumentException($"Safety must be in (0, 1], got {Safety}.");
        if (!(MaxGrowth >= 1)) throw new ArgumentException($"MaxGrowth must be ≥ 1, got {MaxGrowth}.");
        if (!(MaxShrink > 0 && MaxShrink < 1)) throw new ArgumentException($"MaxShrink must be in (0, 1), got {MaxShrink}.");
        if (!(MaxStep > 0)) throw new ArgumentException($"MaxStep must be positive, got {MaxStep}.");
        if (MaxSteps <= 0) throw new ArgumentException($"MaxSteps must be positive, got {MaxSteps}.");
    }
}

/// <summary>What one solve did.</summary>
/// <param name="Accepted">Accepted steps.</param>
/// <param name="Rejected">Rejected steps.</param>
/// <param name="Evaluations">Right-hand-side evaluations.</param>
public readonly record struct OdeStatistics(int Accepted, int Rejected, int Evaluations);

/// <summary>The integration failed: the step size underflowed, the step budget ran out, or the solution is not finite.</summary>
public sealed class OdeIntegrationException(string message, double time, double step) : Exception(message)
{
    /// <summary>Time reached [units of t].</summary>
    public double Time { get; } = time;

    /// <summary>Step size in use.</summary>
    public double Step { get; } = step;
}
