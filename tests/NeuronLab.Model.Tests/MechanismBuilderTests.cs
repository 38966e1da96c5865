using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Model.Tests;

public sealed class MechanismBuilderTests
{
    [Fact]
    public void HodgkinHuxley_RestingSteadyState_MatchesNeuronValues()
    {
        var hh = MechanismCatalogue.Get("hh");
        var values = new Dictionary<string, double> { ["v"] = -65, ["celsius"] = 6.3 };
        double Initial(string state) => ExprEvaluator.Evaluate(hh.Resolve(hh.States[hh.StateIndex(state)].Initial), values);
        // NEURON 8.2, hh with usetable_hh = 0, finitialize(-65): m, h, n.
        Assert.Equal(0.05293248525724958, Initial("m"), 12);
        Assert.Equal(0.5961207535084603, Initial("h"), 12);
        Assert.Equal(0.3176769140606974, Initial("n"), 12);
    }

    [Fact]
    public void Build_UndeclaredSymbol_NamesIt()
    {
        var b = new MechanismBuilder("leaky");
        var g = b.Parameter("g", "S/cm2", 1e-3);
        b.Current(null, g * (b.V - new Symbol("e_rev")));
        var e = Assert.Throws<MechanismDefinitionException>(() => b.Build());
        Assert.Contains("'e_rev'", e.Message);
        Assert.Contains("leaky", e.Message);
    }

    [Fact]
    public void Parameter_DeclaredTwice_Throws()
    {
        var b = new MechanismBuilder("twice");
        b.Parameter("g", "S/cm2", 1);
        Assert.Throws<MechanismDefinitionException>(() => b.Parameter("g", "S/cm2", 2));
    }

    [Fact]
    public void Catalogue_UnknownName_ListsKnownOnes()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => MechanismCatalogue.Get("nope"));
        Assert.Contains("hh", e.Message);
    }
}
