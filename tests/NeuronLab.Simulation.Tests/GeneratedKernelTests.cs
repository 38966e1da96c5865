using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;
using NeuronLab.Simulation.Kernels;

namespace NeuronLab.Simulation.Tests;

/// <summary>Generated kernels compute what the IR says, on random inputs.</summary>
public sealed class GeneratedKernelTests
{
    /// <summary>The kernels evaluate the same formulas in a different order (CSE, x·x·x for x³): agreement to ~1e-13 relative.</summary>
    private const double Tolerance = 1e-11;

    public static TheoryData<string> Mechanisms => ["hh", "pas"];

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public void Kernel_OnRandomInputs_EqualsDirectEvaluationOfTheIr(string name)
    {
        var m = MechanismCatalogue.Get(name);
        var kernel = KernelCompiler.For(m);
        const int instances = 7, lanes = 3;
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0xffff);
        var nodes = Enumerable.Range(0, instances).Select(i => (i * 3) % instances).ToArray();
        var v = Fill(instances * lanes, () => -90 + 130 * random.NextDouble());
        var parameters = m.Parameters.Select(p => Fill(instances * lanes, () => p.Default * (0.5 + random.NextDouble()) + (p.Default == 0 ? random.NextDouble() : 0))).ToArray();
        var states = m.States.Select(_ => Fill(instances * lanes, random.NextDouble)).ToArray();
        var ions = m.IonReads.Select(_ => Fill(instances * lanes, () => -80 + 140 * random.NextDouble())).ToArray();
        var globals = m.Globals.Select(g => g.Name == "celsius" ? 6.3 + 30 * random.NextDouble() : g.Default).ToArray();
        var args = new KernelArguments
        {
            Lanes = lanes, LaneStart = 0, LaneEnd = lanes, Nodes = nodes, Voltage = v, Parameters = parameters,
            States = states.Select(s => s.ToArray()).ToArray(), IonReads = ions, Globals = globals,
            Current = new double[instances * lanes], Conductance = new double[instances * lanes], Dt = 0.025, Time = 1.0,
        };

        kernel.ComputeCurrents(args);
        var current = ExprSimplifier.Simplify(m.Currents.Aggregate((Expr)0.0, (sum, c) => sum + m.Resolve(c.Density)));
        var conductance = ExprDifferentiator.Differentiate(current, "v");
        for (var i = 0; i < instances; i++)
        {
            for (var l = 0; l < lanes; l++)
            {
                var lookup = Lookup(m, nodes[i], i, l, lanes, v, parameters, states, ions, globals);
                AssertClose(ExprEvaluator.Evaluate(current, lookup), args.Current[nodes[i] * lanes + l], $"{name} current");
                AssertClose(ExprEvaluator.Evaluate(conductance, lookup), args.Conductance[nodes[i] * lanes + l], $"{name} dI/dV");
            }
        }

        kernel.AdvanceState(args);
        for (var i = 0; i < instances; i++)
        {
            for (var l = 0; l < lanes; l++)
            {
                // cnexp, in declaration order: each state sees the already-updated earlier ones.
                var updated = states.Select(s => s[i * lanes + l]).ToArray();
                for (var k = 0; k < m.States.Length; k++)
                {
                    var lookup = Lookup(m, nodes[i], i, l, lanes, v, parameters, states, ions, globals, updated);
                    var f = ExprEvaluator.Evaluate(m.Resolve(m.States[k].Derivative), lookup);
                    var b = ExprEvaluator.Evaluate(ExprDifferentiator.Differentiate(m.Resolve(m.States[k].Derivative), m.States[k].Name), lookup);
                    updated[k] += f * args.Dt * (b == 0 ? 1 : ExprelReference.Exprel(b * args.Dt));
                    AssertClose(updated[k], args.States[k][i * lanes + l], $"{name}.{m.States[k].Name} after one step");
                }
            }
        }

        kernel.Initialize(args);
        for (var i = 0; i < instances; i++)
        {
            for (var l = 0; l < lanes; l++)
            {
                var lookup = Lookup(m, nodes[i], i, l, lanes, v, parameters, states, ions, globals);
                for (var k = 0; k < m.States.Length; k++)
                    AssertClose(ExprEvaluator.Evaluate(m.Resolve(m.States[k].Initial), lookup), args.States[k][i * lanes + l], $"{name}.{m.States[k].Name} initial");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void AdvanceState_ReportsWhetherTheStatesItStoredAreFinite(int lanes)
    {
        // The simulator skips its own state scan when the hook says "finite": a healthy step must say so (true, not
        // just "not false"), and a state driven to infinity must say false.
        var m = MechanismCatalogue.Get("hh");
        var kernel = KernelCompiler.For(m);
        const int instances = 5;
        KernelArguments Arguments(double gateValue) => new()
        {
            Lanes = lanes, LaneStart = 0, LaneEnd = lanes, Nodes = [.. Enumerable.Range(0, instances)],
            Voltage = Fill(instances * lanes, () => -65), Parameters = [.. m.Parameters.Select(p => Fill(instances * lanes, () => p.Default))],
            States = [.. m.States.Select((_, k) => Fill(instances * lanes, () => k == 0 ? gateValue : 0.5))], IonReads = [.. m.IonReads.Select(_ => Fill(instances * lanes, () => 50))],
            Globals = [.. m.Globals.Select(g => g.Default)], Current = new double[instances * lanes], Conductance = new double[instances * lanes], Dt = 0.025,
        };

        var healthy = Arguments(0.05);
        kernel.AdvanceState(healthy);
        Assert.True(healthy.StatesFinite);

        var diverged = Arguments(double.PositiveInfinity);
        kernel.AdvanceState(diverged);
        Assert.False(diverged.StatesFinite);
    }

    [Fact]
    public void Compile_SameMechanismTwice_ReturnsCachedKernel()
    {
        var a = KernelCompiler.For(BuiltinMechanisms.HodgkinHuxley());
        var b = KernelCompiler.For(BuiltinMechanisms.HodgkinHuxley());
        Assert.Same(a, b);
    }

    [Fact]
    public void For_RemembersTheKernelPerMechanismAndSlope()
    {
        // Runs look kernels up per mechanism object (no source regenerated); the slope is part of the key.
        var hh = BuiltinMechanisms.HodgkinHuxley();
        var exact = KernelCompiler.For(hh);
        Assert.Same(exact, KernelCompiler.For(hh, CurrentSlope.Exact));
        var neuron = KernelCompiler.For(hh, CurrentSlope.NeuronDifference);
        Assert.NotSame(exact, neuron);
        Assert.Same(neuron, KernelCompiler.For(hh, CurrentSlope.NeuronDifference));
    }

    [Fact]
    public void Emit_CnexpOnNonlinearState_ExplainsWhatToUse()
    {
        var builder = new MechanismBuilder("cubic");
        var x = builder.State("x", "1", 0.0, new Symbol("x") * new Symbol("x"));
        _ = x;
        var e = Assert.Throws<MechanismDefinitionException>(() => KernelSourceEmitter.Emit(builder.Build(StateUpdateMethod.Cnexp), out _));
        Assert.Contains("derivimplicit", e.Message);
    }

    [Fact]
    public void Derivimplicit_LinearGate_IsBackwardEuler()
    {
        // dx/dt = (1 − x)/τ: backward Euler gives x' = (x + dt/τ)/(1 + dt/τ) exactly (one Newton step).
        var builder = new MechanismBuilder("relax");
        var tau = builder.Parameter("tau", "ms", 2.0);
        var x = new Symbol("x");
        builder.State("x", "1", 0.0, (1.0 - x) / tau);
        var kernel = KernelCompiler.For(builder.Build(StateUpdateMethod.Derivimplicit));
        var states = new[] { new[] { 0.25 } };
        var args = new KernelArguments
        {
            Lanes = 1, LaneStart = 0, LaneEnd = 1, Nodes = [0], Voltage = [-65], Parameters = [[2.0]], States = states,
            IonReads = [], Globals = [], Current = [0], Conductance = [0], Dt = 0.1,
        };
        kernel.AdvanceState(args);
        Assert.Equal((0.25 + 0.1 / 2.0) / (1 + 0.1 / 2.0), states[0][0], 14);
    }

    private static Func<string, double> Lookup(Mechanism m, int node, int instance, int lane, int lanes, double[] v,
        double[][] parameters, double[][] states, double[][] ions, double[] globals, double[]? stateOverride = null) => name =>
    {
        if (name == "v") return v[node * lanes + lane];
        var k = m.Parameters.Select(p => p.Name).ToList().IndexOf(name);
        if (k >= 0) return parameters[k][instance * lanes + lane];
        k = m.StateIndex(name);
        if (k >= 0) return stateOverride?[k] ?? states[k][instance * lanes + lane];
        k = m.IonReads.ToList().IndexOf(name);
        if (k >= 0) return ions[k][node * lanes + lane];
        k = m.Globals.Select(g => g.Name).ToList().IndexOf(name);
        if (k >= 0) return globals[k];
        throw new KeyNotFoundException(name);
    };

    private static double[] Fill(int n, Func<double> value) => [.. Enumerable.Range(0, n).Select(_ => value())];

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: IR {expected}, kernel {actual}");
}

internal static class ExprelReference
{
    /// <summary>(eˣ − 1)/x evaluated independently of the kernel helper.</summary>
    public static double Exprel(double x) => Math.Abs(x) < 1e-8 ? 1 + x / 2 : (Math.Exp(x) - 1) / x;
}
