namespace NeuronLab.Experiments.GradientDiffusion.Homeostasis;

/// <summary>
/// The homeostasis network of gradient-diffusion.md §5 (the reference's <c>submit_network.sh</c>): identical learning
/// <c>eighh</c> cells, each receiving <see cref="SourcesPerCell"/> connections from sources drawn uniformly with
/// replacement among the other cells; a connection is a −10 mV threshold detector at the cell → delay → an exponential
/// synapse (τ 2 ms, e 0 mV) on the target.
/// </summary>
/// <param name="Cell">Every cell's learning settings; cell k's OU input uses seed <c>Cell.Seed + k</c>.</param>
/// <param name="ConnectivitySeed">Seed of the source draws (the reference seeds numpy with the cell's gid; ours draws all
/// cells from one .NET generator, so the graph differs from the reference's but has the same law).</param>
public sealed record HomeostasisNetworkSettings(
    HomeostasisSettings Cell,
    int Cells = 10,
    int SourcesPerCell = 5,
    double Delay = 10,
    double SynapseTau = 2,
    double SynapseReversal = 0,
    int ConnectivitySeed = 1)
{
    /// <summary>The reference's connection weight [µS] (WEIGHT 0.1).</summary>
    public const double ReferenceWeight = 0.1;

    /// <summary>
    /// The reference's synapse relative to the cell's own currents, kept in our consistent units. In Arbor a point
    /// current of i nA on this cell's 62.8 µm² is 15.9·i A/m², while the <c>eighh</c> density currents, written as
    /// mA/cm², enter ×10 (§1.9): so the reference's synaptic current is 1.59·i in the units of the cell's I_total. Here
    /// (C = 1 µF/cm², I_total in µA/cm², flag (b)) the same i would be 1591·i µA/cm², 1000× more; the weight is scaled by
    /// 1/1000 so that synaptic and intrinsic currents keep the reference's ratio.
    /// </summary>
    public const double WeightScale = 1e-3;

    /// <summary>The cell: a cylinder of radius 1 µm and length 10 µm, lateral membrane area [µm²] (§5; Arbor counts no end caps).</summary>
    public static double MembraneArea => 2 * Math.PI * 1.0 * 10.0;

    /// <summary>The weight each connection adds to the target's synapse [µS].</summary>
    public double Weight => ReferenceWeight * WeightScale;
}
