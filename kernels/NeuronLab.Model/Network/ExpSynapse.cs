using NeuronLab.Model.Cells;

namespace NeuronLab.Model.Network;

/// <summary>
/// An exponential conductance synapse, NEURON's <c>ExpSyn</c>: g' = −g/τ, I = g·(V − e) [nA], and each event delivered
/// to it adds its connection's weight to g. Every lane (cell) of a network has one instance at <paramref name="Location"/>.
/// </summary>
/// <param name="Name">Name used by connections.</param>
/// <param name="Tau">Decay time constant τ [ms].</param>
/// <param name="Reversal">Reversal potential e [mV].</param>
public sealed record ExpSynapse(string Name, Location Location, double Tau = 2.0, double Reversal = 0.0)
{
    /// <summary>Throws with the synapse's name and the bad field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("A synapse needs a name.");
        if (!(Tau > 0) || !double.IsFinite(Tau)) throw new ArgumentException($"Synapse '{Name}': tau must be positive and finite [ms], got {Tau}.");
        if (!double.IsFinite(Reversal)) throw new ArgumentException($"Synapse '{Name}': the reversal potential must be finite [mV], got {Reversal}.");
    }
}
