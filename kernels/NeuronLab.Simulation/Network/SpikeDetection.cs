using NeuronLab.Model.Network;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Network;

/// <summary>
/// Threshold detectors on every lane: after each step, V above the threshold where it was not above it at the previous
/// check is a spike at the step's end time (NEURON's fixed-step <c>PreSyn</c>, no interpolation). A detector already
/// above threshold at t = 0 does not fire until it has come back down.
/// </summary>
internal sealed class SpikeDetection
{
    private readonly int[] _nodes;
    private readonly double[] _thresholds;
    private readonly bool[] _above; // [detector][lane]
    private readonly int _lanes;

    public SpikeDetection(LoweredCell cell, IReadOnlyList<SpikeDetector> detectors, int lanes)
    {
        _nodes = [.. detectors.Select(d => cell.NodeAt(d.Location))];
        _thresholds = [.. detectors.Select(d => d.Threshold)];
        _above = new bool[detectors.Count * lanes];
        _lanes = lanes;
    }

    public int Count => _nodes.Length;

    /// <summary>Sets the detectors' state from V at t = 0.</summary>
    public void Initialize(double[] voltage, int l0, int l1)
    {
        for (var k = 0; k < _nodes.Length; k++)
            for (var l = l0; l < l1; l++) _above[k * _lanes + l] = voltage[_nodes[k] * _lanes + l] > _thresholds[k];
    }

    /// <summary>Checks lanes [l0, l1) with V at <paramref name="time"/>, adding each new spike to <paramref name="spikes"/>.</summary>
    public void Check(double[] voltage, double time, int l0, int l1, List<Spike> spikes)
    {
        for (var k = 0; k < _nodes.Length; k++)
        {
            var row = _nodes[k] * _lanes;
            var threshold = _thresholds[k];
            for (var l = l0; l < l1; l++)
            {
                var above = voltage[row + l] > threshold;
                ref var was = ref _above[k * _lanes + l];
                if (above && !was) spikes.Add(new Spike(l, k, time));
                was = above;
            }
        }
    }
}
