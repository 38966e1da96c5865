using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;

namespace NeuronLab.Simulation.Tests;

/// <summary>A passive sealed-end cable against cable theory.</summary>
public sealed class PassiveCableTests
{
    // Cable: L = 1000 µm, d = 2 µm, Ra = 100 Ω·cm, g = 1e-4 S/cm², cm = 1 µF/cm² ⇒ λ = √(d/(4 Ra g)) = 707.1 µm, τ = cm/g = 10 ms.
    private const double Length = 1000, Radius = 1, Ra = 100, G = 1e-4, Rest = -65, Cm = 1;

    /// <summary>400 compartments (h = 2.5 µm) and a current injected at the first compartment's centre, h/2 from the
    /// sealed end: discretisation error O((h/λ)²) plus the O(h/λ) offset of the injection site, ≈ 0.2 %.</summary>
    private const double SteadyStateTolerance = 0.003;

    [Fact]
    public void SteadyState_CurrentInjectedAtEnd_MatchesCableTheory()
    {
        const int n = 400;
        const double amp = 0.01; // nA
        var cell = TestCells.PassiveCable(Length, Radius, n, G, Rest, Ra, Cm);
        var probes = new[] { 0.0, 0.25, 0.5, 0.75, 1.0 }.Select(x => Probe.Voltage($"x{x}", Location.OnBranch(0, x), 100)).ToArray();
        var settings = TestCells.Settings(300, 0.5, TimeScheme.BackwardEuler, probes);
        var lane = Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0), new StepWaveform(0, 1000, amp)));
        var result = Simulator.Run(cell, settings, [lane]);

        var lambda = Math.Sqrt(2 * Radius * 1e-4 / (4 * Ra * G)) * 1e4; // µm
        var ri = 4 * Ra / (Math.PI * Math.Pow(2 * Radius * 1e-4, 2)) * 1e-4; // Ω per µm
        var inputResistance = ri * lambda / Math.Tanh(Length / lambda); // Ω
        foreach (var x in new[] { 0.0, 0.25, 0.5, 0.75, 1.0 })
        {
            var position = Math.Clamp(x * Length, Length / n / 2, Length - Length / n / 2); // compartment centre
            var expected = amp * 1e-9 * inputResistance * Math.Cosh((Length - position) / lambda) / Math.Cosh(Length / lambda) * 1e3; // mV
            var measured = result[$"x{x}"].Values[0][^1] - Rest;
            Assert.True(Math.Abs(measured - expected) <= SteadyStateTolerance * expected, $"x = {x}: {measured} mV vs theory {expected} mV");
        }
    }

    [Fact]
    public void Decay_AfterCurrentOff_HasMembraneTimeConstant()
    {
        // After the injected current stops, every spatial mode but the uniform one decays faster than τ = cm/g;
        // late in the decay d ln(V − E)/dt → −1/τ. Backward Euler with dt = 0.01 ms biases the rate by ≈ dt/(2τ) = 0.05 %.
        var cell = TestCells.PassiveCable(Length, Radius, 50, G, Rest, Ra, Cm);
        var settings = TestCells.Settings(60, 0.01, TimeScheme.BackwardEuler, Probe.Voltage("mid", Location.OnBranch(0, 0.5), 0.1));
        var lane = Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.1), new StepWaveform(0, 5, 0.05)));
        var trace = Simulator.Run(cell, settings, [lane])["mid"];
        int At(double t) => (int)Math.Round(t / 0.1);
        var rate = Math.Log((trace.Values[0][At(40)] - Rest) / (trace.Values[0][At(55)] - Rest)) / 15.0;
        var tau = 1 / rate;
        Assert.True(Math.Abs(tau - Cm / G * 1e-3) < 0.005 * (Cm / G * 1e-3), $"measured τ = {tau} ms, theory {Cm / G * 1e-3} ms");
    }

    [Fact]
    public void CrankNicolson_IsSecondOrderInDt()
    {
        // Error vs a fine reference halves twice per dt halving for CN (order 2) but only once for BE (order 1).
        double V(TimeScheme scheme, double dt)
        {
            var cell = TestCells.PassiveCable(Length, Radius, 20, G, Rest, Ra, Cm);
            var settings = TestCells.Settings(4, dt, scheme, Probe.Voltage("v", Location.OnBranch(0, 0.5)));
            var lane = Lane.With(new CurrentClamp("i", Location.OnBranch(0, 0.5), new SampledWaveform([0, 4], [0, 0.2])));
            return Simulator.Run(cell, settings, [lane])["v"].Values[0][^1];
        }
        var reference = V(TimeScheme.CrankNicolson, 0.0005);
        double Order(TimeScheme s) => Math.Log2(Math.Abs(V(s, 0.1) - reference) / Math.Abs(V(s, 0.05) - reference));
        Assert.InRange(Order(TimeScheme.CrankNicolson), 1.8, 2.2);
        Assert.InRange(Order(TimeScheme.BackwardEuler), 0.8, 1.2);
    }
}
