using NeuronLab.Experiments.GradientDiffusion;
using NeuronLab.Model.Catalogue;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Experiments.Tests.GradientDiffusion;

/// <summary>The pycat unit convention as parameter data, and the root-node reading of the IO cell.</summary>
public sealed class PycatUnitsTests
{
    [Fact]
    public void InferiorOlive_ScalesMembraneConductancesByATenth_KeepsCaH()
    {
        var io = new IoSetup(IoSetup.C4APath());
        Assert.Equal(0.015 * 0.1, io.Default("g_CaL"), 15);
        Assert.Equal(1.3e-5 * 0.1, io.Default("g_ls"), 15);
        Assert.Equal(0.200 * 0.1, io.Default("g_Na_a"), 15);
        Assert.Equal(0.090, io.Default("g_CaH"), 15);
        Assert.Equal(55, io.Cell.Parameter("V_Na").Default);
    }

    [Fact]
    public void IoSetup_C4A_RootIsAJunctionWithSixNeighbours()
    {
        var io = new IoSetup(IoSetup.C4APath());
        Assert.Equal(NodeKind.Junction, io.Lowered.Nodes[0].Kind);
        Assert.Equal(6, io.RootNeighbours.Length);
        Assert.Equal(1.0, io.RootCombination(_ => [1.0])[0], 14);
    }

    [Fact]
    public void HhAxon_HasElevenCompartmentsAndArborsSomaAxonCoupling()
    {
        var lowered = CellLowering.Lower(HhAxonCell.Create());
        Assert.Equal(11, lowered.CompartmentCount);
        // soma → junction → axon 1 in series equals Arbor's direct face conductance, 0.03922 µS (gradient-diffusion.md §2).
        var g1 = lowered.AxialConductance[1];
        var g2 = lowered.AxialConductance[2];
        Assert.Equal(0.03922, g1 * g2 / (g1 + g2), 5);
        Assert.Equal(0.019635, lowered.AxialConductance[3], 6);
    }
}
