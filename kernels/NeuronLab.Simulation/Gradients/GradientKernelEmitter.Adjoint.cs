using System.Text;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;
using static NeuronLab.Simulation.Kernels.KernelSourceEmitter;

namespace NeuronLab.Simulation.Gradients;

public static partial class GradientKernelEmitter
{
    private static void OpenAdjoint(StringBuilder sb, string method, Mechanism m, bool loadStates)
    {
        OpenLoop(sb, method, m, loadStates, ", AA adj");
        // The locals are declared inside the lane loop by OpenLoop; the adjoint arrays are fetched there too.
        sb.AppendLine($"{Inner}double[] VA = adj.VoltageAdjoint; double[][] SA = adj.StateAdjoint; double[][] FG = adj.FieldGradient; double[][] IG = adj.IonGradient;");
    }

    // Accumulates partial · a into the adjoints of v, fields and ion reads (states are handled by the caller).
    private static void PullBack(StringBuilder sb, Partials p, Variables vars, string a, bool includeV)
    {
        if (includeV && p.V != "0d") sb.AppendLine($"{Inner}VA[nb + l] += {p.V} * {a};");
        for (var j = 0; j < vars.Fields.Count; j++)
            if (p.Fields[j] != "0d") sb.AppendLine($"{Inner}FG[{j}][ib + l] += {p.Fields[j]} * {a};");
        for (var j = 0; j < vars.Ions.Count; j++)
            if (p.Ions[j] != "0d") sb.AppendLine($"{Inner}IG[{j}][nb + l] += {p.Ions[j]} * {a};");
    }

    private const string AdjointPrologue =
        "        double[] VA = adj.VoltageAdjoint; double[][] SA = adj.StateAdjoint; double[][] FG = adj.FieldGradient; double[][] IG = adj.IonGradient;\n" +
        "        double[] LI = adj.CurrentAdjoint; double[] LG = adj.ConductanceAdjoint;\n";

    /// <summary>λ(V), λ(s), field and ion gradients += (∂I/∂·)ᵀλI + (∂g/∂·)ᵀλg at the primal (V, s).</summary>
    private static void EmitCurrentsAdjoint(Mechanism m, Expr current, Expr conductance, StringBuilder sb)
    {
        var vars = Variables.Of(m);
        EmitVectorHook(sb, "CurrentsAdjoint", m, ", AA adj", AdjointPrologue, body =>
        {
            body.Writer.ShareExponentials([current, conductance]);
            var pi = body.PartialsOf(current, vars);
            var pg = body.PartialsOf(conductance, vars);
            string Combined(string a, string b) => (a, b) switch
            {
                ("0d", "0d") => "0d",
                (_, "0d") => $"{a} * li",
                ("0d", _) => $"{b} * lg",
                _ => $"{a} * li + {b} * lg",
            };
            body.Hole(a =>
            {
                var s = new StringBuilder();
                s.AppendLine($"{VIndent}{V256} li = {a.Node("LI")}; {V256} lg = {a.Node("LG")};");
                var v = Combined(pi.V, pg.V);
                if (v != "0d") s.AppendLine(VIndent + a.AddNode("VA", v));
                for (var k = 0; k < m.States.Length; k++)
                    if (Combined(pi.States[k], pg.States[k]) is var x && x != "0d") s.AppendLine(VIndent + a.AddInstance($"SA[{k}]", x));
                for (var j = 0; j < vars.Fields.Count; j++)
                    if (Combined(pi.Fields[j], pg.Fields[j]) is var x && x != "0d") s.AppendLine(VIndent + a.AddInstance($"FG[{j}]", x));
                for (var j = 0; j < vars.Ions.Count; j++)
                    if (Combined(pi.Ions[j], pg.Ions[j]) is var x && x != "0d") s.AppendLine(VIndent + a.AddNode($"IG[{j}]", x));
                return s.ToString();
            });
        });
    }

    /// <summary>
    /// Pulls λ(s') back through s' = Φ(V', s): the partials of each update at the slot values it saw (recomputed), then
    /// λ(s) = (∂Φ/∂s)ᵀλ(s') (cnexp: last update first), λ(V') and the field/ion gradients accumulated once per group.
    /// </summary>
    private static void EmitAdvanceAdjoint(Mechanism m, IReadOnlyList<Expr> updates, StringBuilder sb)
    {
        var vars = Variables.Of(m);
        var n = m.States.Length;
        var sequential = StateUpdate.IsSequential(m);
        EmitVectorHook(sb, "AdvanceAdjoint", m, ", AA adj", AdjointPrologue, body =>
        {
            body.Writer.ShareExponentials(updates); // the partials' exponentials are the updates' own
            var partials = new List<Partials>();
            for (var k = 0; k < n; k++)
            {
                partials.Add(body.PartialsOf(updates[k], vars));
                if (!sequential || k == n - 1) continue;
                var value = body.Writer.Write(updates[k]);
                body.Line($"s_{Sanitize(m.States[k].Name)} = {value};");
                body.Writer.Invalidate(m.States[k].Name);
            }
            body.Hole(a =>
            {
                var s = new StringBuilder();
                for (var k = 0; k < n; k++) s.AppendLine($"{VIndent}{V256} la{k} = {a.Instance($"SA[{k}]")};");
                var accV = partials.Any(p => p.V != "0d");
                if (accV) s.AppendLine($"{VIndent}{V256} gv = {V256}.Zero;");
                var accF = Enumerable.Range(0, vars.Fields.Count).Where(j => partials.Any(p => p.Fields[j] != "0d")).ToList();
                var accI = Enumerable.Range(0, vars.Ions.Count).Where(j => partials.Any(p => p.Ions[j] != "0d")).ToList();
                foreach (var j in accF) s.AppendLine($"{VIndent}{V256} gf{j} = {V256}.Zero;");
                foreach (var j in accI) s.AppendLine($"{VIndent}{V256} ge{j} = {V256}.Zero;");
                void Pull(Partials p, string x)
                {
                    if (p.V != "0d") s.AppendLine($"{VIndent}gv += {p.V} * {x};");
                    foreach (var j in accF) if (p.Fields[j] != "0d") s.AppendLine($"{VIndent}gf{j} += {p.Fields[j]} * {x};");
                    foreach (var j in accI) if (p.Ions[j] != "0d") s.AppendLine($"{VIndent}ge{j} += {p.Ions[j]} * {x};");
                }
                if (sequential)
                {
                    // Reverse of "slot k ← Φₖ(slots)", last update first.
                    for (var k = n - 1; k >= 0; k--)
                    {
                        s.AppendLine($"{VIndent}{{ {V256} ak = la{k}; la{k} = {V256}.Zero;");
                        for (var j = 0; j < n; j++)
                            if (partials[k].States[j] != "0d") s.AppendLine($"{VIndent}la{j} += {partials[k].States[j]} * ak;");
                        Pull(partials[k], "ak");
                        s.AppendLine($"{VIndent}}}");
                    }
                }
                else
                {
                    for (var k = 0; k < n; k++) s.AppendLine($"{VIndent}{V256} a{k} = la{k};");
                    for (var j = 0; j < n; j++)
                        s.AppendLine($"{VIndent}la{j} = {Sum(Enumerable.Range(0, n).Where(k => partials[k].States[j] != "0d").Select(k => $"{partials[k].States[j]} * a{k}"))};");
                    for (var k = 0; k < n; k++) Pull(partials[k], $"a{k}");
                }
                for (var k = 0; k < n; k++) s.AppendLine(VIndent + a.StoreInstance($"SA[{k}]", $"la{k}"));
                if (accV) s.AppendLine(VIndent + a.AddNode("VA", "gv"));
                foreach (var j in accF) s.AppendLine(VIndent + a.AddInstance($"FG[{j}]", $"gf{j}"));
                foreach (var j in accI) s.AppendLine(VIndent + a.AddNode($"IG[{j}]", $"ge{j}"));
                return s.ToString();
            });
        });
    }

    private static void EmitInitializeAdjoint(Mechanism m, List<Expr> initials, StringBuilder sb)
    {
        var vars = Variables.Of(m);
        var n = m.States.Length;
        OpenAdjoint(sb, "InitializeAdjoint", m, loadStates: false);
        var writer = Writer(m, sb);
        var partials = new List<Partials>();
        for (var k = 0; k < n; k++)
        {
            partials.Add(Partials.Of(writer, initials[k], vars, withV: false));
            var value = writer.Write(initials[k]); // emits its temporaries first (interpolation appends in place)
            sb.AppendLine($"{Inner}double s_{Sanitize(m.States[k].Name)} = {value};");
            writer.Invalidate(m.States[k].Name);
        }
        for (var k = 0; k < n; k++) sb.AppendLine($"{Inner}double la{k} = SA[{k}][ib + l];");
        for (var k = n - 1; k >= 0; k--)
        {
            sb.AppendLine($"{Inner}{{ double adj_k = la{k}; la{k} = 0.0;");
            for (var j = 0; j < k; j++)
                if (partials[k].States[j] != "0d") sb.AppendLine($"{Inner}la{j} += {partials[k].States[j]} * adj_k;");
            PullBack(sb, partials[k], vars, "adj_k", includeV: false);
            sb.AppendLine($"{Inner}}}");
        }
        for (var k = 0; k < n; k++) sb.AppendLine($"{Inner}SA[{k}][ib + l] = la{k};");
        CloseLoop(sb);
    }
}
