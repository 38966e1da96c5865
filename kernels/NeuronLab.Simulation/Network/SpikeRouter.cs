using NeuronLab.Model.Network;

namespace NeuronLab.Simulation.Network;

/// <summary>One detected spike: lane, detector index, time [ms].</summary>
public readonly record struct Spike(int Lane, int Detector, double Time);

/// <summary>
/// Carries spikes from detectors to synapses with delays, in windows: every connection's delay is at least one window,
/// so lane blocks step a whole window independently (on their own threads), and the spikes of the window are routed
/// between windows. Delivery follows NEURON's fixed step: an event due at T is delivered at the start of the first step
/// n with n·dt + dt/2 ≥ T. Events due in the same step on the same synapse are added in a fixed order (source lane,
/// connection), so the result does not depend on the thread count.
/// </summary>
public sealed class SpikeRouter
{
    private readonly double _dt;
    private readonly List<(int Target, int Synapse, double Weight, double Delay, int Order)>[] _outgoing; // [lane·detectors + detector]
    private readonly int _detectors;
    private readonly PriorityQueue<Event, (long Step, int Source, int Order)>[] _pending; // [target lane]

    public SpikeRouter(LaneNetwork network, int lanes, double dt)
    {
        network.Validate(lanes);
        _dt = dt;
        _detectors = network.Detectors.Length;
        _outgoing = new List<(int, int, double, double, int)>[lanes * Math.Max(1, _detectors)];
        for (var i = 0; i < _outgoing.Length; i++) _outgoing[i] = [];
        for (var c = 0; c < network.Connections.Length; c++)
        {
            var x = network.Connections[c];
            _outgoing[x.Source * _detectors + network.DetectorIndex(x.Detector)].Add((x.Target, network.SynapseIndex(x.Synapse), x.Weight, x.Delay, c));
        }
        _pending = new PriorityQueue<Event, (long, int, int)>[lanes];
        for (var l = 0; l < lanes; l++) _pending[l] = new();
        var minimumDelay = network.Connections.IsEmpty ? double.PositiveInfinity : network.Connections.Min(c => c.Delay);
        // A spike found after step n (time (n+1)·dt) is due at step ≥ n + 1 + ceil(D/dt − ½); a window of that many
        // steps therefore never receives its own spikes.
        WindowSteps = double.IsPositiveInfinity(minimumDelay) ? int.MaxValue : 1 + (int)Math.Max(0, Math.Ceiling(minimumDelay / dt - 0.5));
    }

    /// <summary>Steps a block may advance without hearing from the others.</summary>
    public int WindowSteps { get; }

    /// <summary>Schedules the outgoing events of <paramref name="spikes"/> (called between windows, on one thread).</summary>
    public void Route(IEnumerable<Spike> spikes)
    {
        foreach (var s in spikes)
        {
            foreach (var (target, synapse, weight, delay, order) in _outgoing[s.Lane * _detectors + s.Detector])
            {
                var due = s.Time + delay;
                var step = (long)Math.Ceiling(due / _dt - 0.5);
                _pending[target].Enqueue(new Event(synapse, weight), (step, s.Lane, order));
            }
        }
    }

    /// <summary>
    /// Takes the next event due at or before <paramref name="step"/> on <paramref name="lane"/>, in delivery order; false
    /// when none is due. For simulators of their own (a point-neuron loop) that use the router for delays and ordering.
    /// </summary>
    public bool TryTake(long step, int lane, out int synapse, out double weight)
    {
        var queue = _pending[lane];
        if (queue.TryPeek(out var e, out var key) && key.Step <= step)
        {
            queue.Dequeue();
            (synapse, weight) = (e.Synapse, e.Weight);
            return true;
        }
        (synapse, weight) = (-1, 0);
        return false;
    }

    /// <summary>Delivers to <paramref name="bank"/> every event due at or before <paramref name="step"/> on lanes [l0, l1).</summary>
    internal void Deliver(long step, SynapseBank bank, int l0, int l1)
    {
        for (var l = l0; l < l1; l++)
            while (TryTake(step, l, out var synapse, out var weight)) bank.Receive(synapse, l, weight);
    }

    private readonly record struct Event(int Synapse, double Weight);
}
