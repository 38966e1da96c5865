using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;
using NeuronLab.Simulation.Kernels;

namespace NeuronLab.Simulation.Ode;

/// <summary>
/// Generates the C# source of an <see cref="OdeMechanismKernel"/> from a mechanism's IR: the state derivatives and the
/// total current with their symbolic derivatives by v, every state and every parameter (<see cref="ExprDifferentiator"/>),
/// written with common-subexpression elimination (<see cref="CSharpExpressionWriter"/>), compiled and cached by
/// <see cref="KernelCompiler"/>.
/// </summary>
public static class OdeKernelEmitter
{
    private static readonly ConcurrentDictionary<Mechanism, OdeMechanismKernel> s_kernels = new();

    /// <summary>The compiled kernel for <paramref name="mechanism"/> (generated on first use).</summary>
    public static OdeMechanismKernel For(Mechanism mechanism) =>
        s_kernels.GetOrAdd(mechanism, m =>
        {
            var source = Emit(m, out var className);
            return KernelCompiler.Compile<OdeMechanismKernel>(source, className);
        });

    /// <summary>The C# source of the kernel class for <paramref name="mechanism"/>.</summary>
    public static string Emit(Mechanism mechanism, out string className)
    {
        var m = mechanism;
        var body = new StringBuilder();
        var states = m.States.Select(s => s.Name).ToList();
        var parameters = m.Parameters.Select(p => p.Name).ToList();
        var initial = m.States.Select(s => m.Resolve(s.Initial)).ToList();
        var rates = m.States.Select(s => m.Resolve(s.Derivative)).ToList();
        Expr current = Constant.Zero;
        foreach (var c in m.Currents) current += m.Resolve(c.Density);
        current = ExprSimplifier.Simplify(current);

        // Initial states: the NMODL INITIAL block runs in order, so later states may read earlier ones; substitute.
        var initialResolved = new List<Expr>();
        var known = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var (state, expr) in states.Zip(initial))
        {
            var value = ExprSimplifier.Simplify(ExprRewriter.Substitute(expr, known));
            initialResolved.Add(value);
            known[state] = value;
        }

        Open(body, "void Initialize", "double v, double time, ReadOnlySpan<double> p, ReadOnlySpan<double> e, ReadOnlySpan<double> g, Span<double> s", m, loadStates: false);
        var w = new CSharpExpressionWriter(body, KernelSourceEmitter.SymbolName(m), "        ");
        for (var k = 0; k < states.Count; k++) Line(body, $"        s[{k}] = ", w.Write(initialResolved[k]));
        body.AppendLine("    }");

        Open(body, "void InitialSensitivity", "double v, double time, ReadOnlySpan<double> p, ReadOnlySpan<double> e, ReadOnlySpan<double> g, Span<double> dsdp", m, loadStates: false);
        w = new CSharpExpressionWriter(body, KernelSourceEmitter.SymbolName(m), "        ");
        for (var k = 0; k < states.Count; k++)
            for (var q = 0; q < parameters.Count; q++)
                Line(body, $"        dsdp[{k * parameters.Count + q}] = ", w.Write(Derivative(initialResolved[k], parameters[q])));
        body.AppendLine("    }");

        Open(body, "double Rates", "double v, double time, ReadOnlySpan<double> s, ReadOnlySpan<double> p, ReadOnlySpan<double> e, ReadOnlySpan<double> g, Span<double> ds", m, loadStates: true);
        w = new CSharpExpressionWriter(body, KernelSourceEmitter.SymbolName(m), "        ");
        for (var k = 0; k < states.Count; k++) Line(body, $"        ds[{k}] = ", w.Write(rates[k]));
        Line(body, "        return ", w.Write(current));
        body.AppendLine("    }");

        Open(body, "double Jacobian", "double v, double time, ReadOnlySpan<double> s, ReadOnlySpan<double> p, ReadOnlySpan<double> e, ReadOnlySpan<double> g, Span<double> ds, Span<double> jac", m, loadStates: true);
        w = new CSharpExpressionWriter(body, KernelSourceEmitter.SymbolName(m), "        ");
        var rowLength = 1 + states.Count + parameters.Count;
        var rows = new List<Expr> { current };
        rows.AddRange(rates);
        var variables = new List<string> { Mechanism.Voltage };
        variables.AddRange(states);
        variables.AddRange(parameters);
        for (var k = 0; k < states.Count; k++) Line(body, $"        ds[{k}] = ", w.Write(rates[k]));
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < variables.Count; c++)
                Line(body, $"        jac[{r * rowLength + c}] = ", w.Write(Derivative(rows[r], variables[c])));
        Line(body, "        return ", w.Write(current));
        body.AppendLine("    }");

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToString())))[..12];
        className = $"OdeKernel_{KernelSourceEmitter.Sanitize(m.Name)}_{hash}";
        var sb = new StringBuilder();
        sb.AppendLine("// <auto-generated> NeuronLab ODE mechanism kernel; do not edit. </auto-generated>");
        sb.AppendLine($"// Mechanism: {m.Name}. Jacobian rows: current, then states; columns: v, states, parameters.");
        sb.AppendLine("#pragma warning disable CS0219, CS8321");
        sb.AppendLine("using System;");
        sb.AppendLine("namespace NeuronLab.Generated;");
        sb.AppendLine($"public sealed class {className} : global::NeuronLab.Simulation.Ode.OdeMechanismKernel");
        sb.AppendLine("{");
        sb.Append(body);
        sb.AppendLine("}");
        return sb.ToString();
    }

    // The writer appends the temporaries an expression needs to the same builder, so the value is computed first.
    private static void Line(StringBuilder sb, string target, string value) => sb.Append(target).Append(value).AppendLine(";");

    private static Expr Derivative(Expr expr, string variable) => ExprSimplifier.Simplify(ExprDifferentiator.Differentiate(expr, variable));

    private static void Open(StringBuilder sb, string signature, string arguments, Mechanism m, bool loadStates)
    {
        sb.AppendLine("    [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        sb.AppendLine($"    public override {signature}({arguments})");
        sb.AppendLine("    {");
        for (var k = 0; k < m.Parameters.Length; k++) sb.AppendLine($"        double p_{KernelSourceEmitter.Sanitize(m.Parameters[k].Name)} = p[{k}];");
        var reads = m.IonReads.ToList();
        for (var k = 0; k < reads.Count; k++) sb.AppendLine($"        double e_{KernelSourceEmitter.Sanitize(reads[k])} = e[{k}];");
        for (var k = 0; k < m.Globals.Length; k++) sb.AppendLine($"        double g_{KernelSourceEmitter.Sanitize(m.Globals[k].Name)} = g[{k}];");
        if (loadStates)
            for (var k = 0; k < m.States.Length; k++) sb.AppendLine($"        double s_{KernelSourceEmitter.Sanitize(m.States[k].Name)} = s[{k}];");
    }
}
