using NeuronLab.Model.Cells;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation;

/// <summary>Samples one probe every k steps into [lane][sample] arrays.</summary>
internal sealed class ProbeRecorder
{
    private readonly Probe _probe;
    private readonly double[] _source;
    private readonly int _row;
    private readonly int _lanes;
    private readonly int _every;
    private readonly double[][] _values;
    private readonly double[] _times;
    private readonly string _unit;

    public ProbeRecorder(LoweredCell cell, BatchState state, Probe probe, double dt, int steps)
    {
        _probe = probe;
        _lanes = state.Lanes;
        var node = cell.NodeAt(probe.Location);
        _every = probe.SamplingPeriod <= 0 ? 1 : (int)Math.Round(probe.SamplingPeriod / dt);
        if (_every < 1 || Math.Abs(_every * dt - Math.Max(probe.SamplingPeriod, dt)) > 1e-9 * Math.Max(1, probe.SamplingPeriod))
            throw new ArgumentException($"Probe '{probe.Name}': the sampling period {probe.SamplingPeriod} ms is not a whole number of steps of {dt} ms.");
        switch (probe.Quantity)
        {
            case VoltageQuantity:
                _source = state.Voltage;
                _row = node;
                _unit = "mV";
                Mechanism = -1;
                break;
            case StateQuantity q:
            {
                var mechanism = state.Mechanisms.FirstOrDefault(m => m.Instances.Mechanism.Name == q.Mechanism)
                    ?? throw new ArgumentException($"Probe '{probe.Name}': mechanism '{q.Mechanism}' is not inserted in the cell.");
                var k = mechanism.Instances.Mechanism.StateIndex(q.State);
                if (k < 0) throw new ArgumentException($"Probe '{probe.Name}': mechanism '{q.Mechanism}' has no state '{q.State}'. States: {string.Join(", ", mechanism.Instances.Mechanism.States.Select(s => s.Name))}.");
                var instance = mechanism.Instances.Nodes.IndexOf(node);
                if (instance < 0) throw new ArgumentException($"Probe '{probe.Name}': mechanism '{q.Mechanism}' is not inserted at node {node}.");
                _source = mechanism.States[k];
                _row = instance;
                Mechanism = Array.IndexOf(state.Mechanisms, mechanism);
                State = k;
                _unit = mechanism.Instances.Mechanism.States[k].Unit;
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(probe), probe.Quantity.GetType().Name, "Unknown probe quantity.");
        }
        var samples = steps / _every + 1;
        _times = [.. Enumerable.Range(0, samples).Select(k => k * _every * dt)];
        _values = [.. Enumerable.Range(0, _lanes).Select(_ => new double[samples])];
    }

    /// <summary>The node (voltage) or instance (state) recorded.</summary>
    public int Row => _row;

    /// <summary>Index of the mechanism whose state is recorded, −1 for voltage.</summary>
    public int Mechanism { get; }

    /// <summary>Index of the recorded state within its mechanism.</summary>
    public int State { get; }

    /// <summary>Steps between samples.</summary>
    public int Every => _every;

    public int Samples => _times.Length;

    public void Record(int step, int l0, int l1)
    {
        if (step % _every != 0) return;
        var sample = step / _every;
        var row = _row * _lanes;
        for (var l = l0; l < l1; l++) _values[l][sample] = _source[row + l];
    }

    public Trace ToTrace() => new(_probe, _times, _values, _unit);
}
