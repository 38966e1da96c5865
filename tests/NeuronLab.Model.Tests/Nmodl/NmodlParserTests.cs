using NeuronLab.Model.Nmodl;

namespace NeuronLab.Model.Tests.Nmodl;

public sealed class NmodlParserTests
{
    private const string Full = """
        TITLE a test mechanism
        COMMENT
          anything: KINETIC VERBATIM { ( are ignored here
        ENDCOMMENT
        : a colon comment
        ? a question-mark comment
        UNITS {
            (mA) = (milliamp)
            (mV) = (millivolt)
            (S) = (siemens)
        }
        NEURON {
            SUFFIX tst
            USEION na READ ena WRITE ina
            USEION ca READ cai, cao
            NONSPECIFIC_CURRENT il, ix
            RANGE gbar, gl, el
            GLOBAL k
            THREADSAFE
        }
        DEFINE NTWO 2
        PARAMETER {
            gbar = .12 (S/cm2) <0, 1e9>
            gl = 3e-4 (S/cm2) < -1, +2 >
            el = -54.3 (mV)
            k = 2.5
        }
        STATE { m (1) c FROM 0 TO 1 }
        ASSIGNED {
            v (mV)
            celsius (degC)
            ena (mV)
            cai (mM) cao (mM)
            ina (mA/cm2)
            il ix (mA/cm2)
            minf mtau (ms)
        }
        INITIAL {
            rates(v)
            m = minf
            c = 0.5
        }
        BREAKPOINT {
            SOLVE states METHOD derivimplicit
            ina = gbar*m^NTWO*(v - ena)
            il = gl*(v - el)
            if (v > 0 && !(v >= 10) || v == -1 || v != v || v <= -100 || v < -200) {
                ix = 0
            } else if (cai > cao) {
                ix = 1e-3*sqrt(cai)*tanh(cao)*pow(fabs(v), 0.5)
            } else {
                ix = log(cao/cai)*1e-6
            }
        }
        DERIVATIVE states {
            rates(v)
            m' = (minf - m)/mtau
            c' = -c*k
        }
        PROCEDURE rates(v (mV)) {
            LOCAL a, b
            TABLE minf, mtau DEPEND celsius FROM -100 TO 100 WITH 200
            a = f(v)
            b = exp(-v/20)
            minf = a/(a + b)
            mtau = 1/(a + b)
        }
        FUNCTION f(x (mV)) (/ms) {
            f = 0.1*exp(x/10)
        }
        """;

    [Fact]
    public void Parse_EveryBlock_ReadsDeclarations()
    {
        var file = NmodlParser.Parse(Full, "full.mod");
        Assert.Equal("a test mechanism", file.Title);
        Assert.Equal("tst", file.Suffix);
        Assert.Equal(2, file.Ions.Length);
        Assert.Equal(new[] { "ena" }, file.Ions[0].Reads.ToArray());
        Assert.Equal(new[] { "ina" }, file.Ions[0].Writes.ToArray());
        Assert.Equal(new[] { "cai", "cao" }, file.Ions[1].Reads.ToArray());
        Assert.Equal(["il", "ix"], file.NonspecificCurrents.Select(n => n.Name));
        Assert.Contains("gbar", file.Range);
        Assert.Contains("k", file.Global);
        Assert.Equal(2.0, file.Defines["NTWO"]);
        Assert.Equal(3, file.Units.Length);
        Assert.Equal(("mA", "milliamp"), (file.Units[0].Name, file.Units[0].Definition));
        var gbar = file.Parameters[0];
        Assert.Equal(("gbar", 0.12, "S/cm2", 0.0, 1e9), (gbar.Name, gbar.Value!.Value, gbar.Unit, gbar.Lower!.Value, gbar.Upper!.Value));
        Assert.Equal((-1.0, 2.0), (file.Parameters[1].Lower!.Value, file.Parameters[1].Upper!.Value));
        Assert.Equal(-54.3, file.Parameters[2].Value);
        Assert.Null(file.Parameters[3].Unit);
        Assert.Equal(["m", "c"], file.States.Select(s => s.Name));
        Assert.Equal("1", file.States[0].Unit);
        Assert.Equal(["v", "celsius", "ena", "cai", "cao", "ina", "il", "ix", "minf", "mtau"], file.Assigned.Select(a => a.Name));
        Assert.Null(file.Assigned.Single(a => a.Name == "il").Unit);
        Assert.Equal("mA/cm2", file.Assigned.Single(a => a.Name == "ix").Unit);
        Assert.Equal(3, file.Initial!.Value.Length);
        Assert.IsType<NmodlSolve>(file.Breakpoint!.Value[0]);
        Assert.Equal(["states", "rates", "f"], file.Callables.Select(c => c.Name));
        Assert.Equal("/ms", file.Callables[2].Unit);
        Assert.Equal("mV", file.Callables[1].Arguments[0].Unit);
    }

    [Fact]
    public void Parse_Positions_AreFileLineColumn()
    {
        var file = NmodlParser.Parse(Full, "full.mod");
        var gbar = file.Parameters[0];
        Assert.Equal(new SourcePosition("full.mod", 23, 5), gbar.Position);
        var solve = (NmodlSolve)file.Breakpoint!.Value[0];
        Assert.Equal(new SourcePosition("full.mod", 44, 5), solve.Position);
        Assert.Equal(("states", "derivimplicit"), (solve.Block, solve.Method));
        Assert.Equal("full.mod:44:5", solve.Position.ToString());
    }

    [Fact]
    public void Parse_Expressions_PrecedenceAndAssociativity()
    {
        var file = NmodlParser.Parse(NmodlTestSources.Leak(body: "i = -2^3^2 + 4*5 - 6/3 < 1 || 1 && 0"), "p.mod");
        var assignment = (NmodlAssignment)file.Breakpoint!.Value[0];
        // ((( -(2^(3^2)) + 4*5) - 6/3) < 1) || (1 && 0)
        var or = Assert.IsType<NmodlBinary>(assignment.Value);
        Assert.Equal("||", or.Operator);
        var less = Assert.IsType<NmodlBinary>(or.Left);
        Assert.Equal("<", less.Operator);
        var minus = Assert.IsType<NmodlBinary>(less.Left);
        Assert.Equal("-", minus.Operator);
        var plus = Assert.IsType<NmodlBinary>(minus.Left);
        var negate = Assert.IsType<NmodlUnary>(plus.Left);
        var power = Assert.IsType<NmodlBinary>(negate.Operand);
        Assert.Equal("^", power.Operator);
        Assert.IsType<NmodlBinary>(power.Right);
        Assert.Equal("&&", Assert.IsType<NmodlBinary>(or.Right).Operator);
    }

    [Fact]
    public void Parse_TableAndIndependentAndUnitsOnOff_AreAccepted()
    {
        var source = NmodlTestSources.Leak(body: "UNITSOFF\n i = g*(v - e)\n UNITSON") + "\nINDEPENDENT { t FROM 0 TO 1 WITH 1 (ms) }\n";
        var module = NmodlLoader.Parse(source, "ind.mod");
        Assert.Contains(module.Diagnostics, d => d.Message.StartsWith("INDEPENDENT block ignored", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("KINETIC", "KINETIC kin {\n ~ a <-> b (1, 2)\n}", 17, 1)]
    [InlineData("NET_RECEIVE", "NET_RECEIVE (w) { }", 17, 1)]
    [InlineData("VERBATIM", "VERBATIM\n #include <x.h> \nENDVERBATIM", 17, 1)]
    [InlineData("LINEAR", "LINEAR lin { }", 17, 1)]
    [InlineData("NONLINEAR", "NONLINEAR nl { }", 17, 1)]
    [InlineData("FUNCTION_TABLE", "FUNCTION_TABLE tab(x)", 17, 1)]
    [InlineData("CONSTANT", "CONSTANT { a = 1 }", 17, 1)]
    [InlineData("INCLUDE", "INCLUDE \"x.inc\"", 17, 1)]
    [InlineData("DISCRETE", "DISCRETE d { }", 17, 1)]
    [InlineData("WATCH", "PROCEDURE p() {\n  WATCH (v > 0) 1\n}", 18, 3)]
    [InlineData("CONSERVE", "PROCEDURE p() {\n  CONSERVE a + b = 1\n}", 18, 3)]
    [InlineData("LAG", "PROCEDURE p() {\n  LAG v BY 1\n}", 18, 3)]
    [InlineData("FROM", "PROCEDURE p() {\n  FROM i = 0 TO 1 { }\n}", 18, 3)]
    public void Parse_UnsupportedConstruct_RejectedWithPositionNameAndAdvice(string construct, string text, int line, int column)
    {
        var error = Assert.Throws<NmodlException>(() => NmodlLoader.Parse(NmodlTestSources.Leak(extra: text), "u.mod"));
        Assert.StartsWith($"u.mod:{line}:{column}: {construct} is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("front end: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(new SourcePosition("u.mod", line, column), error.Position);
    }

    [Theory]
    [InlineData("ELECTRODE_CURRENT", "NEURON {\n  SUFFIX x\n  ELECTRODE_CURRENT i\n}", 3, 3)]
    [InlineData("POINTER", "NEURON {\n  SUFFIX x\n  POINTER p\n}", 3, 3)]
    public void Parse_UnsupportedNeuronStatement_Rejected(string construct, string text, int line, int column)
    {
        var error = Assert.Throws<NmodlException>(() => NmodlParser.Parse(text, "n.mod"));
        Assert.StartsWith($"n.mod:{line}:{column}: {construct} is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SolveSparse_RejectedWithAdvice()
    {
        var error = Assert.Throws<NmodlException>(() => NmodlLoader.Parse(NmodlTestSources.Leak(body: "SOLVE kin METHOD sparse\n    i = 0"), "s.mod"));
        Assert.StartsWith("s.mod:15:22: SOLVE … METHOD sparse is not supported; use cnexp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SolveSteadystate_Rejected()
    {
        var error = Assert.Throws<NmodlException>(() => NmodlLoader.Parse(NmodlTestSources.Leak(body: "SOLVE kin STEADYSTATE sparse"), "s.mod"));
        Assert.StartsWith("s.mod:15:15: SOLVE … STEADYSTATE is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReactionArrow_Rejected()
    {
        var error = Assert.Throws<NmodlException>(() => NmodlLoader.Parse(NmodlTestSources.Leak(body: "~ a <-> b (1, 1)"), "r.mod"));
        Assert.StartsWith("r.mod:15:5: reaction statement '~' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("i = g*(v - e", "s.mod:16:1: expected ')', found '}'.")]
    [InlineData("i = g*", "s.mod:16:1: expected an expression, found '}'.")]
    [InlineData("i g", "s.mod:15:7: expected '=' or '(' after 'i', found 'g'.")]
    [InlineData("i = 1 $ 2", "s.mod:15:11: unexpected character '$'.")]
    [InlineData("if v > 0 { i = 0 }", "s.mod:15:8: expected '(', found 'v'.")]
    [InlineData("else { i = 0 }", "s.mod:15:5: 'else' without a matching 'if'.")]
    [InlineData("SOLVE states", "s.mod:16:1: expected METHOD after 'SOLVE states'")]
    [InlineData("x[1] = 2", "s.mod:15:6: array indexing 'x[…]' is not supported")]
    public void Parse_SyntaxError_ReportsExpectedFoundAndPosition(string body, string expected)
    {
        var error = Assert.Throws<NmodlException>(() => NmodlLoader.Parse(NmodlTestSources.Leak(body: body), "s.mod"));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedComment_ReportsWhereItOpened()
    {
        var error = Assert.Throws<NmodlException>(() => NmodlParser.Parse("NEURON { SUFFIX a }\n  COMMENT never closed", "c.mod"));
        Assert.Equal("c.mod:2:3: COMMENT is not closed: expected ENDCOMMENT before the end of the file.", error.Message);
    }

    [Fact]
    public void Parse_MissingNeuronBlock_Rejected()
    {
        var error = Assert.Throws<NmodlException>(() => NmodlParser.Parse("PARAMETER { a = 1 }", "n.mod"));
        Assert.StartsWith("n.mod:1:1: no NEURON block", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTopLevelWord_ReportsExpectedBlock()
    {
        var error = Assert.Throws<NmodlException>(() => NmodlParser.Parse("NEURON { SUFFIX a }\nFOO { }", "n.mod"));
        Assert.StartsWith("n.mod:2:1: expected a block keyword (NEURON, UNITS", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("found 'FOO'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnitsNamedConstant_Rejected()
    {
        var error = Assert.Throws<NmodlException>(() => NmodlParser.Parse("NEURON { SUFFIX a }\nUNITS {\n  FARADAY = (faraday) (coulomb)\n}", "n.mod"));
        Assert.StartsWith("n.mod:3:3: named constant 'FARADAY' in the UNITS block", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PointProcess_IsPoint()
    {
        var file = NmodlParser.Parse("NEURON { POINT_PROCESS syn NONSPECIFIC_CURRENT i }", "p.mod");
        Assert.True(file.IsPointProcess);
        Assert.Equal("syn", file.Suffix);
    }
}
