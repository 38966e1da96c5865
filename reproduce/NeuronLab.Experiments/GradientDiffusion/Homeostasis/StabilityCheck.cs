namespace NeuronLab.Experiments.GradientDiffusion.Homeostasis;

/// <summary>
/// The §1.7 bound checked three ways: the Routh–Hurwitz formula, the eigenvalues of the linearised system (the α where
/// the largest real part crosses 0), and engine simulations of the passive cell below and above the bound.
/// </summary>
public static class StabilityCheck
{
    /// <summary>g_L/C_m of the eighh cell and of the simulated passive cell [1/ms].</summary>
    public const double LeakRate = StabilitySimulation.LeakRate;

    /// <summary>λ of the reference's homeostasis runs [1/ms].</summary>
    public const double ReferenceForgetting = 1e-4;

    /// <summary>One comparison of formula and eigenvalue crossing.</summary>
    public sealed record Crossing(string Label, double Formula, double Eigen)
    {
        public double RelativeDifference => Math.Abs(Eigen - Formula) / Formula;
    }

    /// <summary>One simulation: its α, the measured envelope growth rate, the eigenvalue prediction for the simulated system.</summary>
    public sealed record Simulated(StabilitySimulation.Run Run, double Growth, double Predicted)
    {
        public bool Diverged => Run.Diverged;
    }

    /// <summary>All results; <paramref name="Curve"/> rows are (α/α*, σ at the reference λ, σ at the simulation λ) [1/ms].</summary>
    /// <param name="EngineStepsPerSecond">Steps per second of the engine's <c>OnlineLearning</c> in the two simulations.</param>
    public sealed record Result(IReadOnlyList<Crossing> Crossings, Simulated Below, Simulated Above, double SimulationBound, double SteadySensitivity,
        IReadOnlyList<(double Ratio, double Reference, double Simulation)> Curve, double EngineStepsPerSecond);

    public static Result Run()
    {
        var lambda = GdHomeostasisExperiment.SimulationForgetting;
        var crossings = new List<Crossing>();
        void Add(string label, double forgetting, double k) =>
            crossings.Add(new Crossing(label, LearningStability.Bound(forgetting, LeakRate, k), LearningStability.CriticalAlpha(forgetting, LeakRate, k)));
        Add($"λ = {ReferenceForgetting}, ω = 0 (reference homeostasis)", ReferenceForgetting, 0);
        Add($"λ = {lambda}, ω = 0 (simulated)", lambda, 0);
        Add($"λ = {lambda}, k(ω) = 0.1 /ms (spatial mode)", lambda, 0.1);
        Add("λ = 0.05, ω = 0", 0.05, 0);

        var bound = LearningStability.Bound(lambda, LeakRate);
        // The simulated system carries G = ∂V/∂θ with forgetting, which settles at G∞ = b/(b + λ), not 1: the prediction
        // for the simulation uses G∞ (its own bound is α*/G∞, 1 % above the formula's).
        var gInf = LearningStability.SteadySensitivity(lambda, LeakRate);
        Simulated Simulate(double factor)
        {
            var run = StabilitySimulation.Simulate(factor * bound, lambda, GdHomeostasisExperiment.SimulationDuration);
            return new Simulated(run, StabilitySimulation.EnvelopeGrowthRate(run), LearningStability.LargestRealPart(factor * bound, lambda, LeakRate, 0, gInf));
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var below = Simulate(GdHomeostasisExperiment.BelowFactor);
        var above = Simulate(GdHomeostasisExperiment.AboveFactor);
        var engineStepsPerSecond = 2 * GdHomeostasisExperiment.SimulationDuration / StabilitySimulation.Dt / clock.Elapsed.TotalSeconds;

        var referenceBound = LearningStability.Bound(ReferenceForgetting, LeakRate);
        var curve = Enumerable.Range(0, 61).Select(i => 0.5 + i * 0.0125 * 2)
            .Select(r => (r, LearningStability.LargestRealPart(r * referenceBound, ReferenceForgetting, LeakRate),
                LearningStability.LargestRealPart(r * bound, lambda, LeakRate)))
            .ToList();
        return new Result(crossings, below, above, bound, gInf, curve, engineStepsPerSecond);
    }
}
