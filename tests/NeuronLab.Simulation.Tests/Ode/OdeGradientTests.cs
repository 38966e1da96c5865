using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Ode;
using Xunit.Abstractions;

namespace NeuronLab.Simulation.Tests.Ode;

/// <summary>Forward sensitivities of the ODE path against central finite differences.</summary>
public sealed class OdeGradientTests(ITestOutputHelper output)
{
    /// <summary>
    /// With the step sequence held fixed the loss is a smooth function of θ computed by the same arithmetic. It is
    /// strongly curved (spike timing): measured on gNa2, the central difference converges as h² to the forward-mode
    /// value, 2e-3 off at a relative step of 1e-4, 2e-5 at 1e-5, then rounding (≈7e-6 at 1e-6). At 1e-5 both errors are
    /// ≤ 1e-7 of the largest component; the forward-mode gradient must agree to 1e-6 of it.
    /// </summary>
    private const double FixedStepAgreement = 1e-6;

    /// <summary>Relative step of the central differences (see <see cref="FixedStepAgreement"/>).</summary>
    private const double RelativeStep = 1e-5;

    private static (List<Lane> Lanes, SquaredErrorLoss Loss) Problem(double tolerance)
    {
        var cell = JonesKordingCell.Lower();
        var truth = OdeSolver.Simulate(cell, JonesKordingCell.Settings(tolerance),
            [.. JonesKordingVectorTests.VectorStimuli.Select(s => JonesKordingCell.Lane(JonesKordingCell.GroundTruthSodium, JonesKordingCell.GroundTruthPotassium, s))]);
        var targets = Enumerable.Range(0, 3).Select(l => truth.Recording.Traces.Select(t => (double[]?)t.Values[l]).ToArray()).ToArray();
        var loss = SquaredErrorLoss.JonesKording(targets, JonesKordingCell.Compartments, JonesKordingCell.Samples);
        var lanes = JonesKordingVectorTests.VectorStimuli.Select(s => JonesKordingCell.Lane(JonesKordingCell.Uniform(100), JonesKordingCell.Uniform(45), s)).ToList();
        return (lanes, loss);
    }

    private static double Loss(OdeSettings settings, IReadOnlyList<Lane> lanes, ITraceLoss loss)
    {
        var run = OdeSolver.Simulate(JonesKordingCell.Lower(), settings, lanes);
        var total = 0.0;
        for (var l = 0; l < lanes.Count; l++)
        {
            var traces = run.Recording.Traces.Select(t => t.Values[l]).ToArray();
            total += loss.Evaluate(l, traces, [.. traces.Select(t => new double[t.Length])]);
        }
        return total;
    }

    [Fact]
    public void ForwardGradient_MatchesCentralDifferences_WithStepsHeldFixed()
    {
        const double tolerance = 1e-8;
        var (lanes, loss) = Problem(tolerance);
        var cell = JonesKordingCell.Lower();
        var settings = JonesKordingCell.Settings(tolerance);
        var sensitivities = OdeSolver.Sensitivities(cell, settings, lanes, JonesKordingCell.ParameterNames);
        var gradient = OdeSolver.Gradient(cell, settings, lanes, loss, JonesKordingCell.ParameterNames);
        var replay = settings with { Schedule = sensitivities.Run.Schedule };
        Assert.Equal(gradient.Loss, Loss(replay, lanes, loss)); // the replay is the same discrete solution
        var scale = gradient.Gradient.Max(Math.Abs);
        foreach (var name in JonesKordingCell.ParameterNames)
        {
            var h = RelativeStep * lanes[0].Parameters[name];
            var plus = Loss(replay, [.. lanes.Select(l => l.WithParameter(name, l.Parameters[name] + h))], loss);
            var minus = Loss(replay, [.. lanes.Select(l => l.WithParameter(name, l.Parameters[name] - h))], loss);
            var fd = (plus - minus) / (2 * h);
            var error = Math.Abs(fd - gradient[name]) / scale;
            output.WriteLine($"{name}: forward {gradient[name]:R}  FD {fd:R}  relative {error:E2}");
            Assert.True(error <= FixedStepAgreement, $"{name}: forward {gradient[name]:R} vs FD {fd:R} ({error:E2} relative)");
        }
    }
}
