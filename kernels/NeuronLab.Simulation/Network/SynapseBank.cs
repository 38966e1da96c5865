using NeuronLab.Model.Network;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Network;

/// <summary>
/// The conductances g [µS] of every exponential synapse on every lane, <c>[synapse][lane]</c>, and their part of each
/// step: the current I = g·(V − e) and its slope g enter the tree system at the synapse's node like a density
/// mechanism's (so backward Euler and Crank–Nicolson treat them alike); after the state update g decays exactly,
/// g ← g·e^{−dt/τ} (NEURON's cnexp on g' = −g/τ); a delivered event adds its weight.
/// </summary>
internal sealed class SynapseBank
{
    private readonly double[] _decay;
    private readonly double[] _reversal;

    public SynapseBank(LoweredCell cell, IReadOnlyList<ExpSynapse> synapses, int lanes, double dt)
    {
        Lanes = lanes;
        Nodes = [.. synapses.Select(s => cell.NodeAt(s.Location))];
        _decay = [.. synapses.Select(s => Math.Exp(-dt / s.Tau))];
        _reversal = [.. synapses.Select(s => s.Reversal)];
        Conductance = new double[synapses.Count * lanes];
    }

    public int Lanes { get; }

    /// <summary>[synapse] the node it sits on.</summary>
    public int[] Nodes { get; }

    /// <summary>[synapse][lane] µS</summary>
    public double[] Conductance { get; }

    public int Count => Nodes.Length;

    /// <summary>g += <paramref name="weight"/> [µS] (NET_RECEIVE of ExpSyn).</summary>
    public void Receive(int synapse, int lane, double weight) => Conductance[synapse * Lanes + lane] += weight;

    /// <summary>Adds −I [nA] to the right-hand side and dI/dV = g [µS] to the diagonal of lanes [l0, l1).</summary>
    public void AddToSystem(double[] voltage, double[] diagonal, double[] rhs, int l0, int l1)
    {
        for (var k = 0; k < Nodes.Length; k++)
        {
            var row = Nodes[k] * Lanes;
            var e = _reversal[k];
            for (var l = l0; l < l1; l++)
            {
                var g = Conductance[k * Lanes + l];
                if (g == 0) continue;
                rhs[row + l] -= g * (voltage[row + l] - e);
                diagonal[row + l] += g;
            }
        }
    }

    /// <summary>g ← g·e^{−dt/τ} on lanes [l0, l1).</summary>
    public void Decay(int l0, int l1)
    {
        for (var k = 0; k < Nodes.Length; k++)
        {
            var decay = _decay[k];
            for (var l = l0; l < l1; l++) Conductance[k * Lanes + l] *= decay;
        }
    }
}
