using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;
using static NeuronLab.Model.Mechanisms.Expressions.Ex;

namespace NeuronLab.Model.Catalogue;

/// <summary>Mechanisms written with the C# builder (the NMODL catalogue files carry the same equations).</summary>
public static class BuiltinMechanisms
{
    /// <summary>
    /// NEURON's <c>hh</c> (Hodgkin &amp; Huxley 1952, squid axon, as in NEURON's <c>hh.mod</c>): rates at 6.3 °C with
    /// q10 = 3, <c>celsius</c> a global (default 6.3 °C), <c>vtrap</c> written as exprelr; no lookup tables.
    /// </summary>
    public static Mechanism HodgkinHuxley()
    {
        var b = new MechanismBuilder("hh") { Description = "Hodgkin-Huxley squid axon channels as in NEURON's hh.mod (tables off)." };
        var gnabar = b.Parameter("gnabar", "S/cm2", 0.12, lower: 0);
        var gkbar = b.Parameter("gkbar", "S/cm2", 0.036, lower: 0);
        var gl = b.Parameter("gl", "S/cm2", 0.0003, lower: 0);
        var el = b.Parameter("el", "mV", -54.3);
        var celsius = b.Global("celsius", "degC", 6.3);
        var ena = b.IonRead("na", "ena");
        var ek = b.IonRead("k", "ek");
        var v = b.V;

        var q10 = b.Let("q10", Pow(3.0, (celsius - 6.3) / 10.0));
        var am = b.Let("alpha_m", 0.1 * Vtrap(-(v + 40.0), 10.0));
        var bm = b.Let("beta_m", 4.0 * Exp(-(v + 65.0) / 18.0));
        var ah = b.Let("alpha_h", 0.07 * Exp(-(v + 65.0) / 20.0));
        var bh = b.Let("beta_h", 1.0 / (Exp(-(v + 35.0) / 10.0) + 1.0));
        var an = b.Let("alpha_n", 0.01 * Vtrap(-(v + 55.0), 10.0));
        var bn = b.Let("beta_n", 0.125 * Exp(-(v + 65.0) / 80.0));

        var m = b.GateInfTau("m", am / (am + bm), 1.0 / (q10 * (am + bm)));
        var h = b.GateInfTau("h", ah / (ah + bh), 1.0 / (q10 * (ah + bh)));
        var n = b.GateInfTau("n", an / (an + bn), 1.0 / (q10 * (an + bn)));

        b.Current("na", gnabar * Pow(m, 3.0) * h * (v - ena));
        b.Current("k", gkbar * Pow(n, 4.0) * (v - ek));
        b.Current(null, gl * (v - el));
        return b.Build(StateUpdateMethod.Cnexp);
    }

    /// <summary>NEURON's passive leak <c>pas</c>: <c>i = g (v − e)</c>, g = 0.001 S/cm², e = −70 mV.</summary>
    public static Mechanism Passive()
    {
        var b = new MechanismBuilder("pas") { Description = "Passive leak as in NEURON's pas." };
        var g = b.Parameter("g", "S/cm2", 0.001, lower: 0);
        var e = b.Parameter("e", "mV", -70.0);
        b.Current(null, g * (b.V - e));
        return b.Build();
    }
}
