using NeuronLab.Numerics.Ode;

namespace NeuronLab.Numerics.Tests.Ode;

public sealed class RungeKuttaSolverTests
{
    /// <summary>The tableau's rationals are exact to double rounding; sums of 7 terms lose at most a few ulps.</summary>
    private const double TableauIdentity = 1e-14;

    /// <summary>
    /// Observed order log2(e(h)/e(h/2)) for a 5th-order method on smooth problems once h is small (h = 0.1…0.025 over
    /// [0, 2]); ±0.3 tolerates the pre-asymptotic term while still failing for a 4th-order (or broken) method.
    /// </summary>
    private const double OrderSlack = 0.3;

    private sealed class FunctionSystem(int dimension, Action<double, ReadOnlySpan<double>, Span<double>> f) : IOdeSystem
    {
        public int Evaluations;
        public int Dimension => dimension;
        public void Evaluate(double t, int segment, ReadOnlySpan<double> y, Span<double> dydt) { Evaluations++; f(t, y, dydt); }
    }

    private sealed class SegmentSystem : IOdeSystem
    {
        public int Dimension => 1;
        public void Evaluate(double t, int segment, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = segment >= 1 ? 1 : 0;
    }

    private static FunctionSystem Decay() => new(1, (_, y, d) => d[0] = -y[0]);
    private static FunctionSystem Cosine() => new(1, (t, _, d) => d[0] = Math.Cos(t));

    // y' = A y, A = [[-1, 1], [0, -100]]: eigenvalues −1 and −100 (stiffness ratio 100).
    private static FunctionSystem StiffLinear() => new(2, (_, y, d) => { d[0] = -y[0] + y[1]; d[1] = -100 * y[1]; });

    private static double[] StiffExact(double t)
    {
        // y2 = e^{−100t}; y1 = (1 + 1/99)e^{−t} − e^{−100t}/99 for y(0) = (1, 1).
        var y2 = Math.Exp(-100 * t);
        return [(1 + 1.0 / 99) * Math.Exp(-t) - y2 / 99, y2];
    }

    [Fact]
    public void DormandPrince_TableauIsConsistent()
    {
        var tableau = ButcherTableau.DormandPrince54;
        tableau.Validate();
        Assert.Equal(1.0, tableau.B.Sum(), TableauIdentity);
        Assert.Equal(1.0, tableau.BHat.Sum(), TableauIdentity);
        // The continuous extension at θ = 1 is the propagated solution.
        for (var i = 0; i < tableau.Stages; i++) Assert.Equal(tableau.B[i], tableau.Dense[i].Sum(), TableauIdentity);
        // Order conditions up to 3 for b: Σ b c = 1/2, Σ b c² = 1/3, Σ b a c = 1/6.
        var c = tableau.C;
        Assert.Equal(0.5, Enumerable.Range(0, 7).Sum(i => tableau.B[i] * c[i]), TableauIdentity);
        Assert.Equal(1.0 / 3, Enumerable.Range(0, 7).Sum(i => tableau.B[i] * c[i] * c[i]), TableauIdentity);
        Assert.Equal(1.0 / 6, Enumerable.Range(0, 7).Sum(i => tableau.B[i] * Enumerable.Range(0, i).Sum(j => tableau.A[i][j] * c[j])), TableauIdentity);
    }

    [Fact]
    public void Tableau_Validate_RejectsBadRowSum()
    {
        var bad = ButcherTableau.BogackiShampine32 with { C = [0, 0.5, 0.7, 1] };
        Assert.Throws<ArgumentException>(bad.Validate);
    }

    public static TheoryData<string> Problems => ["decay", "cosine", "stiff"];

    [Theory]
    [MemberData(nameof(Problems))]
    public void FixedSteps_ConvergeAtOrderFive(string problem)
    {
        var (system, y0, exact) = problem switch
        {
            "decay" => (Decay(), new[] { 1.0 }, (Func<double, double[]>)(t => [Math.Exp(-t)])),
            "cosine" => (Cosine(), new[] { 0.0 }, t => [Math.Sin(t)]),
            _ => (StiffLinear(), new[] { 1.0, 1.0 }, StiffExact),
        };
        // The stiff system is checked while its fast mode (e^{−100t}) is alive, with h·100 ≤ 0.25.
        double[] steps = problem == "stiff" ? [0.0025, 0.00125, 0.000625] : [0.1, 0.05, 0.025];
        var tEnd = problem == "stiff" ? 0.05 : 2.0;
        var errors = steps.Select(h =>
        {
            var n = (int)Math.Round(tEnd / h);
            var ends = Enumerable.Range(1, n).Select(k => k * h).ToArray();
            var output = new double[y0.Length];
            new RungeKuttaSolver(ButcherTableau.DormandPrince54, y0.Length).Replay(system, 0, y0, [tEnd], output, ends, []);
            var e = exact(tEnd);
            return Enumerable.Range(0, y0.Length).Max(i => Math.Abs(output[i] - e[i]));
        }).ToArray();
        for (var k = 1; k < errors.Length; k++)
        {
            var order = Math.Log2(errors[k - 1] / errors[k]);
            Assert.InRange(order, 5 - OrderSlack, 5 + OrderSlack + (problem == "cosine" ? 1.0 : 0.0));
        }
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(1e-9)]
    public void Adaptive_MeetsTolerance_OnStiffishSystem(double tolerance)
    {
        var system = StiffLinear();
        double[] times = [0.01, 0.1, 0.5, 1, 2, 5];
        var output = new double[times.Length * 2];
        var stats = new RungeKuttaSolver(ButcherTableau.DormandPrince54, 2)
            .Solve(system, 0, [1.0, 1.0], times, output, new StepControl(tolerance, tolerance), [], 2);
        for (var k = 0; k < times.Length; k++)
        {
            var e = StiffExact(times[k]);
            // Global error of a tolerance-proportional method: a small multiple of the tolerance over this interval.
            for (var i = 0; i < 2; i++) Assert.True(Math.Abs(output[2 * k + i] - e[i]) < 20 * tolerance, $"t={times[k]} i={i}: {output[2 * k + i]} vs {e[i]}");
        }
        Assert.True(stats.Accepted > 10);
        Assert.Equal(system.Evaluations, stats.Evaluations);
    }

    [Fact]
    public void Adaptive_TighterTolerance_TakesMoreStepsAndIsMoreAccurate()
    {
        double Error(double tol, out int steps)
        {
            var output = new double[1];
            var stats = new RungeKuttaSolver(ButcherTableau.DormandPrince54, 1).Solve(Decay(), 0, [1.0], [3.0], output, new StepControl(tol, tol), [], 1);
            steps = stats.Accepted;
            return Math.Abs(output[0] - Math.Exp(-3));
        }
        var loose = Error(1e-5, out var looseSteps);
        var tight = Error(1e-10, out var tightSteps);
        Assert.True(tight < loose / 100, $"{tight} vs {loose}");
        Assert.True(tightSteps > looseSteps);
    }

    [Fact]
    public void TooLargeFirstStep_IsRejectedAndRecovered()
    {
        var system = new FunctionSystem(1, (_, y, d) => d[0] = -50 * y[0]);
        var output = new double[1];
        var stats = new RungeKuttaSolver(ButcherTableau.DormandPrince54, 1)
            .Solve(system, 0, [1.0], [1.0], output, new StepControl(1e-8, 1e-12, InitialStep: 1.0), [], 1);
        Assert.True(stats.Rejected >= 1, "a first step of 1.0 on y' = −50y must be rejected");
        Assert.Equal(Math.Exp(-50), output[0], 1e-12);
    }

    [Fact]
    public void DenseOutput_MatchesExactSolutionBetweenSteps()
    {
        var times = Enumerable.Range(1, 97).Select(k => k * 0.0731).ToArray();
        var output = new double[times.Length];
        var ends = new List<double>();
        new RungeKuttaSolver(ButcherTableau.DormandPrince54, 1)
            .Solve(Cosine(), 0, [0.0], times, output, new StepControl(1e-9, 1e-9), [], 1, ends);
        Assert.DoesNotContain(times[..^1], ends.Contains); // every output but the last comes from the interpolant
        // y' = cos t does not damp errors, so the global error grows to ≈ 1e-8 over [0, 7] at rtol 1e-9 (measured
        // 1.3e-8); a 4th-order interpolant adds errors of the local size (1e-9). A wrong coefficient gives ≥ 1e-4.
        for (var k = 0; k < times.Length; k++) Assert.True(Math.Abs(output[k] - Math.Sin(times[k])) < 5e-8, $"t={times[k]}: {output[k] - Math.Sin(times[k])}");
    }

    [Fact]
    public void DenseOutput_ConvergesAtOrderFourInsideAStep()
    {
        // One step of size h from 0 on y' = cos t, evaluated at θ = 0.37: the interpolant's error is O(h⁵).
        double Error(double h)
        {
            var output = new double[1];
            new RungeKuttaSolver(ButcherTableau.DormandPrince54, 1).Replay(Cosine(), 0, [0.0], [0.37 * h], output, [h], []);
            return Math.Abs(output[0] - Math.Sin(0.37 * h));
        }
        var order = Math.Log2(Error(0.4) / Error(0.2));
        Assert.InRange(order, 5 - OrderSlack, 6 + OrderSlack);
    }

    [Fact]
    public void Breakpoints_StepsLandOnThemAndTheJumpIsExact()
    {
        // y' = 0 before t = 0.5 and 1 after: y(t) = max(0, t − 0.5). DP5 integrates constants exactly on each side.
        // The segment (not t) decides the side: a stage at exactly 0.5 belongs to the step it is part of.
        var system = new SegmentSystem();
        var ends = new List<double>();
        var output = new double[2];
        new RungeKuttaSolver(ButcherTableau.DormandPrince54, 1).Solve(system, 0, [0.0], [0.5, 1.2], output, new StepControl(1e-10, 1e-10), [0.5], 1, ends);
        Assert.Contains(0.5, ends);
        Assert.Equal(0.0, output[0], 1e-15);
        Assert.Equal(0.7, output[1], 1e-13);
    }

    [Fact]
    public void Replay_OfRecordedSteps_IsBitIdentical()
    {
        var times = new[] { 0.3, 1.0, 2.5 };
        var first = new double[6];
        var ends = new List<double>();
        var solver = new RungeKuttaSolver(ButcherTableau.DormandPrince54, 2);
        solver.Solve(StiffLinear(), 0, [1.0, 1.0], times, first, new StepControl(1e-7, 1e-7), [], 2, ends);
        var second = new double[6];
        solver.Replay(StiffLinear(), 0, [1.0, 1.0], times, second, [.. ends], []);
        Assert.Equal(first, second);
    }

    [Fact]
    public void OutputAtStartTime_IsInitialValue()
    {
        var output = new double[2];
        new RungeKuttaSolver(ButcherTableau.DormandPrince54, 1).Solve(Decay(), 0.25, [2.0], [0.25, 1.25], output, new StepControl(1e-10, 1e-10), [], 1);
        Assert.Equal(2.0, output[0]);
        Assert.Equal(2 * Math.Exp(-1), output[1], 1e-9);
    }

    [Fact]
    public void BogackiShampine_HermiteFallback_ConvergesAtOrderThree()
    {
        double Error(double h)
        {
            var n = (int)Math.Round(2 / h);
            var output = new double[1];
            new RungeKuttaSolver(ButcherTableau.BogackiShampine32, 1).Replay(Decay(), 0, [1.0], [2.0], output, [.. Enumerable.Range(1, n).Select(k => k * h)], []);
            return Math.Abs(output[0] - Math.Exp(-2));
        }
        Assert.InRange(Math.Log2(Error(0.05) / Error(0.025)), 3 - OrderSlack, 3 + OrderSlack);
    }

    [Fact]
    public void NonFiniteSolution_Throws()
    {
        var system = new FunctionSystem(1, (_, y, d) => d[0] = y[0] * y[0]); // blows up at t = 1
        var output = new double[1];
        Assert.Throws<OdeIntegrationException>(() =>
            new RungeKuttaSolver(ButcherTableau.DormandPrince54, 1).Solve(system, 0, [1.0], [2.0], output, new StepControl(1e-8, 1e-8, MaxSteps: 100_000), [], 1));
    }
}
