namespace NeuronLab.Optimization.Tests;

/// <summary>Named tolerances shared by the optimization tests, each with its reason.</summary>
internal static class Tolerances
{
    /// <summary>
    /// Hand-computed reference steps were evaluated with the same IEEE-754 double formulas in Python; only the
    /// operation order may differ (a few ulps per operation, over three steps).
    /// </summary>
    public const double ReferenceStepRelative = 1e-13;

    /// <summary>Round trips through exp/log/log1p lose a few ulps relative to the magnitude of x or u.</summary>
    public const double BijectorRoundTripRelative = 1e-11;

    /// <summary>
    /// Central differences with h = 1e-6·max(1,|u|) have truncation error O(h²·f''') ≈ 1e-12 and rounding error
    /// O(ε·|f|/h) ≈ 1e-10 relative; 1e-7 leaves a wide margin while still catching a wrong Jacobian (errors ≥ 1e-2).
    /// </summary>
    public const double FiniteDifferenceRelative = 1e-7;
}
