using System.Collections.Immutable;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Network;
using NeuronLab.Model.Stimuli;

namespace NeuronLab.Simulation.Tests.Network;

/// <summary>Lanes joined by exponential synapses, threshold detectors and delayed connections (NEURON agreement is
/// checked by validate-neuron's hh-network case).</summary>
public sealed class NetworkTests
{
    private static readonly Location Soma = Location.OnBranch(0, 0.5);

    private static LaneNetwork RandomNetwork(int cells, int inputsPerCell, int seed)
    {
        var random = new Random(seed);
        var connections = new List<Connection>();
        for (var target = 0; target < cells; target++)
            for (var k = 0; k < inputsPerCell; k++)
            {
                var source = random.Next(cells - 1);
                if (source >= target) source++;
                connections.Add(new Connection(source, "spike", target, "syn", 0.002 + 0.002 * random.NextDouble(), 1 + 4 * random.NextDouble()));
            }
        return new LaneNetwork([new ExpSynapse("syn", Soma, Tau: 2, Reversal: 0)], [new SpikeDetector("spike", Soma, -10)], [.. connections]);
    }

    [Fact]
    public void Run_ThreadCount_DoesNotChangeSpikesOrTraces()
    {
        var cell = TestCells.HodgkinHuxleyCable(5, length: 100, radius: 2);
        var settings = TestCells.Settings(60, 0.025, TimeScheme.BackwardEuler, Probe.Voltage("v", Soma));
        const int cells = 13;
        var drive = Lane.With(new CurrentClamp("i", Soma, new StepWaveform(2, 50, 0.2)));
        var quiet = Lane.With();
        var lanes = Enumerable.Range(0, cells).Select(l => l is 0 or 7 ? drive : quiet).ToArray();
        var network = RandomNetwork(cells, 3, seed: 4);

        var one = Simulator.Run(cell, settings, lanes, network, new SimulationOptions(Threads: 1));
        var two = Simulator.Run(cell, settings, lanes, network, new SimulationOptions(Threads: 2));
        var three = Simulator.Run(cell, settings, lanes, network, new SimulationOptions(Threads: 3));

        var driven = Enumerable.Range(0, cells).Count(l => lanes[l] == quiet && one.Spikes("spike", l).Length > 0);
        Assert.True(driven >= 3, $"only {driven} unstimulated cells fired; the test would not exercise the routing");
        foreach (var other in new[] { two, three })
            for (var l = 0; l < cells; l++)
            {
                Assert.Equal(one.Spikes("spike", l), other.Spikes("spike", l));
                Assert.Equal(one.Recording["v"].Values[l], other.Recording["v"].Values[l]); // bit for bit
            }
    }

    [Fact]
    public void Event_IsDeliveredAtNeuronsStep_AndTheSynapseCurrentFollowsIt()
    {
        // Lane 0: a passive compartment pushed across −60 mV by a step; lane 1: the same compartment at rest, receiving.
        var cell = TestCells.PassiveCable(20, 5, 1, g: 1e-3, e: -70);
        const double dt = 0.025, delay = 1.3, threshold = -60;
        var settings = TestCells.Settings(10, dt, TimeScheme.BackwardEuler, Probe.Voltage("v", Soma));
        Lane[] lanes = [Lane.With(new CurrentClamp("i", Soma, new StepWaveform(1, 8, 0.2))), Lane.With()];
        var network = new LaneNetwork([new ExpSynapse("syn", Soma, Tau: 2, Reversal: 0)], [new SpikeDetector("d", Soma, threshold)],
            [new Connection(0, "d", 1, "syn", 0.001, delay)]);

        var result = Simulator.Run(cell, settings, lanes, network);

        var v0 = result.Recording["v"].Values[0];
        var crossing = Array.FindIndex(v0, v => v > threshold); // sample index = step end
        Assert.True(crossing > 0);
        var spike = Assert.Single(result.Spikes("d", 0));
        Assert.Equal(crossing * dt, spike, 12);
        // Delivered at the start of the first step n with n·dt + dt/2 ≥ t_spike + delay; V moves at that step's end.
        var deliveryStep = (int)Math.Ceiling((spike + delay) / dt - 0.5);
        var v1 = result.Recording["v"].Values[1];
        for (var k = 0; k <= deliveryStep; k++) Assert.Equal(-70, v1[k], 12);
        Assert.True(v1[deliveryStep + 1] > -70 + 1e-6);
        Assert.Empty(result.Spikes("d", 1));
    }

    [Fact]
    public void Synapse_OnPassiveCompartment_MatchesTheDiscreteSolution()
    {
        // One compartment, one event: the synapse's g decays as e^{-t/τ} and its current enters the backward-Euler
        // step like a membrane current. The discrete recursion below is the scheme written out by hand.
        var cell = TestCells.PassiveCable(20, 5, 1, g: 1e-3, e: -70);
        const double dt = 0.025, weight = 0.002, tau = 3, reversal = 0;
        var settings = TestCells.Settings(3, dt, TimeScheme.BackwardEuler, Probe.Voltage("v", Soma));
        Lane[] lanes = [Lane.With(new CurrentClamp("i", Soma, new StepWaveform(0.2, 1, 0.5))), Lane.With()];
        var network = new LaneNetwork([new ExpSynapse("syn", Soma, tau, reversal)], [new SpikeDetector("d", Soma, -60)],
            [new Connection(0, "d", 1, "syn", weight, 0.5)]);
        var result = Simulator.Run(cell, settings, lanes, network);
        var spike = result.Spikes("d", 0)[0];
        var delivery = (int)Math.Ceiling((spike + 0.5) / dt - 0.5);

        var area = 2 * Math.PI * 5 * 20;          // µm²
        var c = 1e-5 * area / dt;                 // nF/ms
        var gm = 0.01 * area * 1e-3;              // µS
        double v = -70, g = 0;
        var v1 = result.Recording["v"].Values[1];
        for (var n = 0; n < settings.StepCount; n++)
        {
            if (n == delivery) g += weight;
            var dv = (-gm * (v + 70) - g * (v - reversal)) / (c + gm + g);
            v += dv;
            g *= Math.Exp(-dt / tau);
            Assert.Equal(v, v1[n + 1], 10);
        }
    }

    [Fact]
    public void Validate_NamesTheFaultyConnection()
    {
        var synapse = new ExpSynapse("syn", Soma);
        var detector = new SpikeDetector("d", Soma);
        var cell = TestCells.PassiveCable(20, 5, 1);
        var settings = TestCells.Settings(1, 0.025, TimeScheme.BackwardEuler);
        Lane[] lanes = [Lane.With(), Lane.With()];

        string Error(params Connection[] connections) =>
            Assert.Throws<ArgumentException>(() => Simulator.Run(cell, settings, lanes, new LaneNetwork([synapse], [detector], [.. connections]))).Message;

        Assert.Contains("target lane 2 is not in 0…1", Error(new Connection(0, "d", 2, "syn", 0.1, 1)));
        Assert.Contains("No synapse 'ampa'", Error(new Connection(0, "d", 1, "ampa", 0.1, 1)));
        Assert.Contains("the delay must be positive", Error(new Connection(0, "d", 1, "syn", 0.1, 0)));
        Assert.Contains("Connection 1", Error(new Connection(0, "d", 1, "syn", 0.1, 1), new Connection(-1, "d", 1, "syn", 0.1, 1)));
        Assert.Contains("tau must be positive", Assert.Throws<ArgumentException>(() =>
            Simulator.Run(cell, settings, lanes, new LaneNetwork([synapse with { Tau = 0 }], [detector], []))).Message);
    }
}
