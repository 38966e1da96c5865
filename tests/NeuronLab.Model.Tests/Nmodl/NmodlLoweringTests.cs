using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;
using NeuronLab.Model.Nmodl;
using NeuronLab.Testing;
using static NeuronLab.Model.Mechanisms.Expressions.Ex;

namespace NeuronLab.Model.Tests.Nmodl;

public sealed class NmodlLoweringTests
{
    public static string TestData => Path.Combine(RepoPaths.Root, "tests", "NeuronLab.Model.Tests", "Nmodl", "TestData");

    private static Mechanism Lower(string source) => NmodlLoader.Parse(source, "l.mod").Mechanism;

    private static double Eval(Mechanism m, Expr e, Dictionary<string, double> values) => ExprEvaluator.Evaluate(m.Resolve(e), values);

    private static string Gated(string breakpoint, string derivative = "m' = (minf - m)/mtau", string initial = "rates(v)\n m = minf",
        string extra = "", string assigned = "") => $$"""
        NEURON {
            SUFFIX gate
            USEION na READ ena WRITE ina
            NONSPECIFIC_CURRENT il
            RANGE gbar, gl
            GLOBAL k
        }
        PARAMETER {
            gbar = 0.1 (S/cm2)
            gl = 0.001 (S/cm2)
            k = 10 (mV)
        }
        STATE { m }
        ASSIGNED {
            v (mV) ena (mV) ina (mA/cm2) il (mA/cm2)
            minf mtau (ms) a b {{assigned}}
        }
        INITIAL {
            {{initial}}
        }
        BREAKPOINT {
            SOLVE states METHOD cnexp
            {{breakpoint}}
        }
        DERIVATIVE states {
            rates(v)
            {{derivative}}
        }
        PROCEDURE rates(v (mV)) {
            minf = 1/(1 + exp(-(v + 40)/k))
            mtau = 1 + 5*exp(-((v + 60)/20)^2)
        }
        {{extra}}
        """;

    [Fact]
    public void Lower_SequentialAssignments_GetFreshVersions()
    {
        var m = Lower(Gated("a = exp(v/k)\n a = a + 1\n b = a*a\n ina = gbar*m*b*(v - ena)\n il = gl*(v - 50)"));
        var names = m.Bindings.Select(b => b.Name).ToList();
        Assert.Contains("a", names);
        Assert.Contains("a_1", names);
        Assert.Equal(Exp(Sym("v") / Sym("k")), m.Bindings.Single(b => b.Name == "a").Value);
        Assert.Equal(Sym("a") + 1.0, m.Bindings.Single(b => b.Name == "a_1").Value);
        Assert.Equal(Sym("a_1") * Sym("a_1"), m.Bindings.Single(b => b.Name == "b").Value);
        var values = new Dictionary<string, double> { ["v"] = -30, ["k"] = 10, ["m"] = 0.3, ["gbar"] = 0.1, ["ena"] = 50 };
        var a = Math.Exp(-3) + 1;
        Assert.Equal(0.1 * 0.3 * a * a * (-80), Eval(m, m.Currents[0].Density, values), 1e-15);
    }

    [Fact]
    public void Lower_IfElse_BecomesConditional()
    {
        var m = Lower(Gated("if (v > -20) {\n a = 2\n b = v\n } else if (v > -50) {\n a = 3\n b = v\n } else {\n a = exp(v)\n b = v\n }\n ina = gbar*a*(v - ena)\n il = gl*b"));
        Assert.Contains(m.Bindings, b => b.Name.StartsWith('a') && b.Value is Conditional);
        Assert.DoesNotContain(m.Bindings, b => b.Name == "b"); // same value in every branch: no conditional
        foreach (var (v, a) in new[] { (0.0, 2.0), (-30.0, 3.0), (-60.0, Math.Exp(-60)) })
        {
            var values = new Dictionary<string, double> { ["v"] = v, ["gbar"] = 1, ["ena"] = 0 };
            Assert.Equal(a * v, Eval(m, m.Currents[0].Density, values), 1e-15);
        }
    }

    [Fact]
    public void Lower_IfWithoutElse_KeepsEarlierValue()
    {
        var m = Lower(Gated("a = 1\n if (v > 0) { a = 2 }\n ina = a\n il = 0"));
        Assert.Equal(2.0, Eval(m, m.Currents[0].Density, new() { ["v"] = 1 }));
        Assert.Equal(1.0, Eval(m, m.Currents[0].Density, new() { ["v"] = -1 }));
    }

    [Fact]
    public void Lower_ProcedureAssigned_UsableInDerivativeInitialAndBreakpoint()
    {
        var m = Lower(Gated("ina = gbar*m*minf*(v - ena)\n il = gl*mtau"));
        var values = new Dictionary<string, double> { ["v"] = -45, ["k"] = 10, ["m"] = 0.2, ["gbar"] = 0.1, ["gl"] = 0.001, ["ena"] = 50 };
        var minf = 1 / (1 + Math.Exp(0.5));
        var mtau = 1 + 5 * Math.Exp(-Math.Pow(15.0 / 20, 2));
        Assert.Equal((minf - 0.2) / mtau, Eval(m, m.States[0].Derivative, values), 1e-15);
        Assert.Equal(minf, Eval(m, m.States[0].Initial, values), 1e-15);
        Assert.Equal(0.1 * 0.2 * minf * (-95), Eval(m, m.Currents[0].Density, values), 1e-15);
        Assert.Equal(0.001 * mtau, Eval(m, m.Currents[1].Density, values), 1e-15);
        // rates(v) is inlined three times with identical results: one binding each for minf and mtau.
        Assert.Single(m.Bindings, b => b.Name.StartsWith("minf", StringComparison.Ordinal));
    }

    [Fact]
    public void Lower_Ions_AreIonUsesAndCurrents()
    {
        var m = Lower(Gated("ina = gbar*m*(v - ena)\n il = gl*(v + 70)"));
        var ion = Assert.Single(m.Ions);
        Assert.Equal(("na", true), (ion.Ion, ion.WritesCurrent));
        Assert.Equal(["ena"], ion.Reads.ToArray());
        Assert.Equal(["na", null], m.Currents.Select(c => c.Ion));
        Assert.Equal(["gbar", "gl"], m.Parameters.Select(p => p.Name));
        Assert.Equal(["k"], m.Globals.Select(g => g.Name)); // not RANGE: a GLOBAL, as in NEURON
    }

    [Fact]
    public void Lower_FunctionsInlined_WithLocalsAndDefine()
    {
        const string extra = """
            DEFINE TWO 2
            FUNCTION sq(x) { LOCAL y
                y = x*x
                sq = y }
            FUNCTION twice(x) { twice = TWO*sq(x) + pow(x, 0) + log10(100) + tanh(0) + sqrt(4) + fabs(-1) + log(1) + exprelr(0) }
            """;
        var m = Lower(Gated("ina = twice(v)\n il = 0", extra: extra));
        Assert.Equal(2 * 9.0 + 1 + 2 + 0 + 2 + 1 + 0 + 1, Eval(m, m.Currents[0].Density, new() { ["v"] = 3 }), 1e-14);
    }

    [Fact]
    public void Lower_MechanismOwnedConcentration_IsOrdinaryState()
    {
        const string source = """
            NEURON { SUFFIX cad USEION ca READ eca WRITE ica RANGE gca, taur }
            PARAMETER { gca = 0.001 (S/cm2) taur = 80 (ms) }
            STATE { cai2 (mM) }
            ASSIGNED { v (mV) eca (mV) ica (mA/cm2) }
            INITIAL { cai2 = 5e-5 }
            BREAKPOINT { SOLVE st METHOD derivimplicit
                ica = gca*cai2*(v - eca) }
            DERIVATIVE st { LOCAL i
                i = gca*cai2*(v - eca)
                cai2' = -i*10 - cai2/taur }
            """;
        var m = Lower(source);
        Assert.Equal(StateUpdateMethod.Derivimplicit, m.Method);
        Assert.Equal("mM", m.States[0].Unit);
        Assert.Equal(new Constant(5e-5), m.States[0].Initial);
        var values = new Dictionary<string, double> { ["v"] = 0, ["gca"] = 0.001, ["taur"] = 80, ["cai2"] = 1e-4, ["eca"] = 120 };
        Assert.Equal(-(0.001 * 1e-4 * -120) * 10 - 1e-4 / 80, Eval(m, m.States[0].Derivative, values), 1e-18);
    }

    [Fact]
    public void Lower_Celsius_IsAGlobalAt6Point3()
    {
        var m = Lower(Gated("ina = celsius\n il = 0", assigned: "celsius (degC)"));
        Assert.Contains(new MechanismGlobal("celsius", "degC", 6.3), m.Globals);
    }

    [Fact]
    public void Lower_Table_IgnoredWithNote()
    {
        var module = NmodlLoader.Parse(Gated("ina = 0\n il = 0", extra: "PROCEDURE p() {\n TABLE FROM -100 TO 100 WITH 10\n }"), "t.mod");
        var note = Assert.Single(module.Diagnostics, d => d.Message.StartsWith("TABLE ignored", StringComparison.Ordinal));
        Assert.Equal(new SourcePosition("t.mod", 36, 2), note.Position);
    }

    [Theory]
    [InlineData("euler", StateUpdateMethod.Euler)]
    [InlineData("cnexp", StateUpdateMethod.Cnexp)]
    [InlineData("derivimplicit", StateUpdateMethod.Derivimplicit)]
    public void Lower_SolveMethod_Maps(string method, StateUpdateMethod expected) =>
        Assert.Equal(expected, Lower(Gated("ina = 0\n il = 0").Replace("METHOD cnexp", "METHOD " + method, StringComparison.Ordinal)).Method);

    [Theory]
    [InlineData("ina = f(v)\n il = 0", "FUNCTION f(x) { f = g(x) }\nFUNCTION g(x) { g = f(x) }", 36, 21, "recursive call of FUNCTION 'f' (call chain f → g → f)")]
    [InlineData("ina = f(v)\n il = 0", "FUNCTION f(x) { f = f(x - 1) }", 35, 21, "recursive call of FUNCTION 'f'")]
    [InlineData("ina = f(v, v)\n il = 0", "FUNCTION f(x) { f = x }", 24, 11, "'f' takes 1 argument(s) but is called with 2")]
    [InlineData("ina = zz\n il = 0", "", 24, 11, "undeclared name 'zz'")]
    [InlineData("ina = erf(v)\n il = 0", "", 24, 11, "unknown function 'erf'")]
    [InlineData("ina = a\n il = 0", "", 24, 11, "'a' is read before it is assigned in BREAKPOINT")]
    [InlineData("ina = 0\n il = 0\n gbar = 1", "", 26, 2, "assignment to PARAMETER 'gbar' is not supported")]
    [InlineData("ina = 0\n il = 0\n m = 1", "", 26, 2, "assignment to STATE 'm' outside INITIAL is not supported")]
    [InlineData("ina = 0\n il = 0\n zz = 1", "", 26, 2, "assignment to undeclared 'zz'")]
    [InlineData("ina = 0\n il = 0\n ena = 1", "", 26, 2, "'ena' is read from the ion")]
    [InlineData("ina = dt\n il = 0", "", 24, 11, "'dt' is not available")]
    [InlineData("ina = 0\n il = 0\n p()", "PROCEDURE p() { LOCAL y\n ina = y }", 37, 8, "LOCAL 'y' is read before it is assigned")]
    [InlineData("ina = f(v)\n il = 0", "FUNCTION f(x) { if (x > 0) { f = 1 } }", 35, 1, "FUNCTION 'f' does not assign its result")]
    [InlineData("ina = rates(v)\n il = 0", "", 24, 11, "'rates' is a PROCEDURE, which has no value")]
    [InlineData("ina = 0\n il = 0\n m' = 1", "", 26, 2, "'m'' = …: derivatives may only be written in the DERIVATIVE block")]
    [InlineData("il = 0", "", 22, 1, "current 'ina' is declared (USEION na WRITE ina) but never assigned in BREAKPOINT")]
    [InlineData("ina = 0\n il = 0\n SOLVE states METHOD cnexp", "", 26, 2, "a second SOLVE")]
    public void Lower_Error_ReportsPositionAndReason(string breakpoint, string extra, int line, int column, string reason)
    {
        var error = Assert.Throws<NmodlException>(() => NmodlLoader.Parse(Gated(breakpoint, extra: extra), "e.mod"));
        Assert.StartsWith($"e.mod:{line}:{column}: {reason}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lower_WriteConcentration_Rejected()
    {
        var error = Assert.Throws<NmodlException>(() => NmodlLoader.Parse("NEURON { SUFFIX c\n USEION ca READ cai WRITE cai }", "w.mod"));
        Assert.StartsWith("w.mod:2:2: USEION ca WRITE cai: writing ion concentrations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lower_SolveOfProcedure_Rejected()
    {
        var error = Assert.Throws<NmodlException>(() =>
            NmodlLoader.Parse(Gated("ina = 0\n il = 0").Replace("SOLVE states", "SOLVE rates", StringComparison.Ordinal), "e.mod"));
        Assert.StartsWith("e.mod:23:5: SOLVE rates: 'rates' is a PROCEDURE; SOLVE needs a DERIVATIVE block", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TestDataNaVtrap_MatchesHandWrittenRates()
    {
        var module = NmodlLoader.Load(Path.Combine(TestData, "na_vtrap.mod"));
        var m = module.Mechanism;
        Assert.Equal(("gbar", "S/cm2", 0.05), (m.Parameters[0].Name, m.Parameters[0].Unit, m.Parameters[0].Default));
        Assert.Contains(module.Diagnostics, d => d.Message.StartsWith("TABLE ignored", StringComparison.Ordinal));
        static double Vtrap(double x, double y) => x / (Math.Exp(x / y) - 1);
        var values = NmodlCatalogueTests.Defaults(m);
        values["v"] = -42; values["m"] = 0.3; values["h"] = 0.6; values["ena"] = 50;
        var vm = -47.0;
        var a = 0.182 * Vtrap(-(vm + 35), 9);
        var b = 0.124 * Vtrap(vm + 35, 9);
        NmodlCatalogueTests.AssertClose((a / (a + b) - 0.3) * (a + b), Eval(m, m.States[0].Derivative, values));
        NmodlCatalogueTests.AssertClose(0.05 * 0.027 * 0.6 * (-92), Eval(m, m.Currents[0].Density, values));
    }

    [Fact]
    public void Load_TestDataKaQ10_MatchesHandWrittenRates()
    {
        var m = NmodlLoader.Load(Path.Combine(TestData, "ka_q10.mod")).Mechanism;
        Assert.Equal(("gbar", "S/cm2", 0.01), (m.Parameters[0].Name, m.Parameters[0].Unit, m.Parameters[0].Default));
        Assert.Equal(StateUpdateMethod.Derivimplicit, m.Method);
        Assert.Equal(["q10", "temp", "taumin", "celsius"], m.Globals.Select(g => g.Name));
        foreach (var (v, celsius) in new[] { (-60.0, 6.3), (-10.0, 34.0), (-50.0, 24.0) })
        {
            var values = NmodlCatalogueTests.Defaults(m);
            values["v"] = v; values["celsius"] = celsius; values["a"] = 0.4; values["b"] = 0.7; values["ek"] = -90;
            var qt = Math.Pow(3, (celsius - 24) / 10);
            var atau = Math.Max(1.5 * Math.Exp(-Math.Pow(v + 50, 2) / 800) / qt, 0.5);
            var btau = v > -20 && v < 100 ? 40 / qt : (20 + 0.26 * (v + 50)) / qt;
            NmodlCatalogueTests.AssertClose((1 / (1 + Math.Exp(-(v + 31) / 8.5)) - 0.4) / atau, Eval(m, m.States[0].Derivative, values));
            NmodlCatalogueTests.AssertClose((1 / (1 + Math.Exp((v + 78) / 6)) - 0.7) / btau, Eval(m, m.States[1].Derivative, values));
            NmodlCatalogueTests.AssertClose(0.01 * 0.064 * 0.7 * (v + 90), Eval(m, m.Currents[0].Density, values));
        }
    }
}
