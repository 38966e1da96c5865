using NeuronLab.Model.Nmodl;

namespace NeuronLab.Model.Tests.Nmodl;

public sealed class NmodlUnitsTests
{
    [Theory]
    [InlineData("S/cm2", "S/cm2", 1.0)]
    [InlineData("mS/cm2", "S/cm2", 1e-3)]
    [InlineData("mho/cm2", "S/cm2", 1.0)]
    [InlineData("mmho/cm2", "S/cm2", 1e-3)]
    [InlineData("uS/cm2", "S/cm2", 1e-6)]
    [InlineData("pS/um2", "S/cm2", 1e-4)]
    [InlineData("S/m2", "S/cm2", 1e-4)]
    [InlineData("mA/cm2", "mA/cm2", 1.0)]
    [InlineData("uA/cm2", "mA/cm2", 1e-3)]
    [InlineData("A/m2", "mA/cm2", 0.1)]
    [InlineData("mV", "mV", 1.0)]
    [InlineData("V", "mV", 1e3)]
    [InlineData("millivolt", "mV", 1.0)]
    [InlineData("ms", "ms", 1.0)]
    [InlineData("s", "ms", 1e3)]
    [InlineData("/ms", "/ms", 1.0)]
    [InlineData("1/ms", "/ms", 1.0)]
    [InlineData("/s", "/ms", 1e-3)]
    [InlineData("Hz", "/ms", 1e-3)]
    [InlineData("/mV", "/mV", 1.0)]
    [InlineData("um", "um", 1.0)]
    [InlineData("micron", "um", 1.0)]
    [InlineData("cm", "um", 1e4)]
    [InlineData("mM", "mM", 1.0)]
    [InlineData("uM", "mM", 1e-3)]
    [InlineData("mol/m3", "mM", 1.0)]
    [InlineData("degC", "degC", 1.0)]
    [InlineData("uF/cm2", "uF/cm2", 1.0)]
    [InlineData("F/m2", "uF/cm2", 100.0)]
    [InlineData("nS", "uS", 1e-3)]
    [InlineData("pA", "nA", 1e-3)]
    [InlineData("ohm cm", "ohm cm", 1.0)]
    [InlineData("1", "1", 1.0)]
    public void ToCanonical_ConvertsEachUnit(string unit, string canonical, double factor)
    {
        var (actualCanonical, actualFactor) = new NmodlUnits().ToCanonical(unit)!.Value;
        Assert.Equal(canonical, actualCanonical);
        Assert.Equal(factor, actualFactor, 1e-15 * factor);
    }

    [Fact]
    public void Define_AliasFromUnitsBlock_IsUsed()
    {
        var units = new NmodlUnits();
        units.Define("mA", "milliamp");
        units.Define("mS", "millisiemens");
        Assert.Equal(("S/cm2", 1e-3), units.ToCanonical("mS/cm2"));
        Assert.True(units.IsSameAs("mA/cm2", "mA/cm2"));
        units.Define("mV", "volt"); // a file may (mis)define a unit; its definition wins
        Assert.False(units.IsSameAs("mV", "mV"));
    }

    [Fact]
    public void Parse_UnknownUnit_Throws()
    {
        var error = Assert.Throws<FormatException>(() => new NmodlUnits().Parse("furlong/fortnight"));
        Assert.Contains("unknown unit 'furlong'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCanonical_NoCanonicalDimension_ReturnsNull() => Assert.Null(new NmodlUnits().ToCanonical("kg"));

    [Theory]
    [InlineData("gbar = 3 (mS/cm2)", "S/cm2", 3e-3)]
    [InlineData("gbar = 3 (mho/cm2)", "S/cm2", 3.0)]
    [InlineData("gbar = 3 (uS/cm2)", "S/cm2", 3e-6)]
    [InlineData("gbar = 3 (pS/um2)", "S/cm2", 3e-4)]
    [InlineData("gbar = 3 (S/cm2)", "S/cm2", 3.0)]
    [InlineData("gbar = 3 (s)", "ms", 3e3)]
    [InlineData("gbar = 3 (uM)", "mM", 3e-3)]
    public void Load_ParameterInOtherUnit_StoredCanonicalAndUsedInDeclaredUnit(string declaration, string unit, double value)
    {
        var source = NmodlTestSources.Leak(parameters: declaration + " <0, 10>\n e = -70 (mV)", body: "i = 1e-3*gbar*(v - e)")
            .Replace("RANGE g, e", "RANGE gbar, e", StringComparison.Ordinal);
        var m = NmodlLoader.Parse(source, "u.mod").Mechanism;
        var p = m.Parameter("gbar");
        Assert.Equal(unit, p.Unit);
        Assert.Equal(value, p.Default, 1e-15 * value);
        Assert.Equal(value / 3 * 10, p.Upper!.Value, 1e-14 * value);
        // The expression still sees the declared number: i = 1e-3 · 3 · (v − e) at the default.
        var values = new Dictionary<string, double> { ["v"] = -60, ["gbar"] = p.Default, ["e"] = -70 };
        Assert.Equal(1e-3 * 3 * 10, Mechanisms.Expressions.ExprEvaluator.Evaluate(m.Resolve(m.Currents[0].Density), values), 1e-15);
    }

    [Theory]
    [InlineData("i (uA/cm2)", "i", "mA/cm2", 12, 7)]
    [InlineData("i (mV)", "i", "mA/cm2", 12, 7)]
    [InlineData("v (V)", "v", "mV", 11, 7)]
    public void Load_FixedQuantityInWrongUnit_ReportsMismatchWithPosition(string replacement, string name, string expected, int line, int column)
    {
        var source = NmodlTestSources.Leak().Replace(name == "v" ? "v (mV)" : "i (mA/cm2)", replacement, StringComparison.Ordinal);
        var error = Assert.Throws<NmodlException>(() => NmodlLoader.Parse(source, "m.mod"));
        Assert.StartsWith($"m.mod:{line}:{column}: unit mismatch: '{name}' is declared in (", error.Message, StringComparison.Ordinal);
        Assert.Contains($"must be in ({expected})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IonReadInWrongUnit_ReportsMismatch()
    {
        const string source = """
            NEURON { SUFFIX k1 USEION k READ ek WRITE ik }
            PARAMETER { g = 1 (S/cm2) }
            ASSIGNED { v (mV) ek (V) ik (mA/cm2) }
            BREAKPOINT { ik = g*(v - ek) }
            """;
        var error = Assert.Throws<NmodlException>(() => NmodlLoader.Parse(source, "k.mod"));
        Assert.StartsWith("k.mod:3:22: unit mismatch: 'ek' is declared in (V) but must be in (mV)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownParameterUnit_ReportsPosition()
    {
        var error = Assert.Throws<NmodlException>(() => NmodlLoader.Parse(NmodlTestSources.Leak(parameters: "g = 1 (furlong)\n e = 0 (mV)"), "f.mod"));
        Assert.StartsWith("f.mod:7:11: unknown unit 'furlong'", error.Message, StringComparison.Ordinal);
    }
}
