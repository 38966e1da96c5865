using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;
using NeuronLab.Model.Nmodl;

namespace NeuronLab.Model.Tests.Nmodl;

public sealed class NmodlWriterTests
{
    public static TheoryData<string> CatalogueFiles() => [.. NmodlCatalogue.FileNames];

    [Theory]
    [MemberData(nameof(CatalogueFiles))]
    public void Write_CatalogueMechanism_ParsesBackToAnEquivalentMechanism(string fileName)
    {
        var original = NmodlCatalogue.Load(fileName).Mechanism;
        var written = NmodlWriter.Write(original);
        var reread = NmodlLoader.Parse(written, "written-" + fileName).Mechanism;
        AssertEquivalent(original, reread, seed: fileName.Length);
    }

    [Fact]
    public void Write_BuilderMechanisms_ParseBackToEquivalentMechanisms()
    {
        foreach (var mechanism in new[] { BuiltinMechanisms.HodgkinHuxley(), BuiltinMechanisms.Passive() })
        {
            var reread = NmodlLoader.Parse(NmodlWriter.Write(mechanism), mechanism.Name + ".mod").Mechanism;
            AssertEquivalent(mechanism, reread, seed: 11);
        }
    }

    [Fact]
    public void Print_Expression_IsNmodlSyntax()
    {
        Expr e = new Binary(BinaryOperator.Power, new Symbol("x"), new Constant(-2)) + new Unary(UnaryOperator.Abs, new Symbol("y"));
        Assert.Equal("(pow(x, (-2)) + fabs(y))", NmodlWriter.Print(e));
    }

    private static void AssertEquivalent(Mechanism expected, Mechanism actual, int seed)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Method, actual.Method);
        // NMODL bounds come in pairs: the writer spells a missing bound as ±1e300.
        static (string, string, double, double, double) Row(MechanismParameter p) => (p.Name, p.Unit, p.Default, p.Lower ?? -1e300, p.Upper ?? 1e300);
        Assert.Equal(expected.Parameters.Select(Row), actual.Parameters.Select(Row));
        Assert.Equal(expected.Globals.ToArray(), actual.Globals.ToArray());
        Assert.Equal(expected.States.Select(s => (s.Name, s.Unit)), actual.States.Select(s => (s.Name, s.Unit)));
        Assert.Equal(expected.Ions.Select(i => (i.Ion, string.Join(",", i.Reads), i.WritesCurrent)), actual.Ions.Select(i => (i.Ion, string.Join(",", i.Reads), i.WritesCurrent)));
        var random = new Random(seed);
        for (var sample = 0; sample < 50; sample++)
        {
            var values = NmodlCatalogueTests.Defaults(expected);
            values["v"] = -100 + 150 * random.NextDouble();
            foreach (var s in expected.States) values[s.Name] = random.NextDouble();
            foreach (var p in expected.Parameters) values[p.Name] = p.Default * (0.5 + random.NextDouble());
            foreach (var read in expected.IonReads) values[read] = -80 + 140 * random.NextDouble();
            foreach (var ion in expected.Ions.Select(i => i.Ion).Append(null).Distinct())
            {
                var a = expected.Currents.Where(c => c.Ion == ion).Sum(c => ExprEvaluator.Evaluate(expected.Resolve(c.Density), values));
                var b = actual.Currents.Where(c => c.Ion == ion).Sum(c => ExprEvaluator.Evaluate(actual.Resolve(c.Density), values));
                NmodlCatalogueTests.AssertClose(a, b, 1e-12);
            }
            foreach (var state in expected.States)
            {
                var other = actual.States[actual.StateIndex(state.Name)];
                NmodlCatalogueTests.AssertClose(ExprEvaluator.Evaluate(expected.Resolve(state.Derivative), values), ExprEvaluator.Evaluate(actual.Resolve(other.Derivative), values));
                NmodlCatalogueTests.AssertClose(ExprEvaluator.Evaluate(expected.Resolve(state.Initial), values), ExprEvaluator.Evaluate(actual.Resolve(other.Initial), values));
            }
        }
    }
}
