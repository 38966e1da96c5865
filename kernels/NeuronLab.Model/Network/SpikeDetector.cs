using NeuronLab.Model.Cells;

namespace NeuronLab.Model.Network;

/// <summary>
/// A threshold detector, NEURON's <c>NetCon</c> source: a spike is the first step at whose end V at
/// <paramref name="Location"/> is above <paramref name="Threshold"/> after having been at or below it. Every lane has
/// one; its spike times are recorded, and connections send events from it.
/// </summary>
/// <param name="Threshold">[mV]</param>
public sealed record SpikeDetector(string Name, Location Location, double Threshold = -10.0)
{
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("A spike detector needs a name.");
        if (!double.IsFinite(Threshold)) throw new ArgumentException($"Spike detector '{Name}': the threshold must be finite [mV], got {Threshold}.");
    }
}
