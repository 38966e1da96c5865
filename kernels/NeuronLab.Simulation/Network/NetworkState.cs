using NeuronLab.Model.Network;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Network;

/// <summary>The event side of a network run: synapses, detectors, the router, and every spike so far.</summary>
internal sealed class NetworkState
{
    private readonly LaneNetwork _network;
    private readonly List<Spike> _spikes = [];
    private readonly int _lanes;

    public NetworkState(LoweredCell cell, LaneNetwork network, int lanes, double dt)
    {
        _network = network;
        _lanes = lanes;
        Router = new SpikeRouter(network, lanes, dt);
        Synapses = new SynapseBank(cell, network.Synapses, lanes, dt);
        Detection = new SpikeDetection(cell, network.Detectors, lanes);
    }

    public SpikeRouter Router { get; }
    public SynapseBank Synapses { get; }
    public SpikeDetection Detection { get; }

    /// <summary>Routes and keeps the spikes of a finished window (blocks in lane order).</summary>
    public void EndWindow(IEnumerable<List<Spike>> blockSpikes)
    {
        foreach (var spikes in blockSpikes)
        {
            Router.Route(spikes);
            _spikes.AddRange(spikes);
        }
    }

    public NetworkResult Result(SimulationResult recording)
    {
        var times = new double[_network.Detectors.Length][][];
        for (var k = 0; k < times.Length; k++)
        {
            var perLane = new List<double>[_lanes];
            for (var l = 0; l < _lanes; l++) perLane[l] = [];
            foreach (var s in _spikes)
                if (s.Detector == k) perLane[s.Lane].Add(s.Time);
            times[k] = [.. perLane.Select(p => p.Order().ToArray())];
        }
        return new NetworkResult(recording, [.. _network.Detectors.Select(d => d.Name)], times);
    }
}
