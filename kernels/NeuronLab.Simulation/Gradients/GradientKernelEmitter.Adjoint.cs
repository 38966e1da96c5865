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

    private static void EmitCurrentsAdjoint(Mechanism m, Expr current, Expr conductance, StringBuilder sb)
    {
        var vars = Variables.Of(m);
        OpenAdjoint(sb, "CurrentsAdjoint", m, loadStates: true);
        var writer = Writer(m, sb);
        var pi = Partials.Of(writer, current, vars);
        var pg = Partials.Of(writer, conductance, vars);
        sb.AppendLine($"{Inner}double li = adj.CurrentAdjoint[nb + l]; double lg = adj.ConductanceAdjoint[nb + l];");
        // One combined pull-back per variable: ∂I/∂x·λI + ∂g/∂x·λg.
        var combined = new Partials(
            $"({pi.V} * li + {pg.V} * lg)",
            [.. pi.States.Zip(pg.States, (a, b) => $"({a} * li + {b} * lg)")],
            [.. pi.Fields.Zip(pg.Fields, (a, b) => a == "0d" && b == "0d" ? "0d" : $"({a} * li + {b} * lg)")],
            [.. pi.Ions.Zip(pg.Ions, (a, b) => a == "0d" && b == "0d" ? "0d" : $"({a} * li + {b} * lg)")]);
        PullBack(sb, combined, vars, "1.0", includeV: true);
        for (var k = 0; k < m.States.Length; k++)
            if (pi.States[k] != "0d" || pg.States[k] != "0d") sb.AppendLine($"{Inner}SA[{k}][ib + l] += {combined.States[k]};");
        CloseLoop(sb);
    }

    private static void EmitAdvanceAdjoint(Mechanism m, IReadOnlyList<Expr> updates, StringBuilder sb)
    {
        var vars = Variables.Of(m);
        var n = m.States.Length;
        OpenAdjoint(sb, "AdvanceAdjoint", m, loadStates: true);
        var writer = Writer(m, sb);
        var sequential = StateUpdate.IsSequential(m);
        // Forward recompute: the partials of each update at the slot values it saw.
        var partials = new List<Partials>();
        for (var k = 0; k < n; k++)
        {
            partials.Add(Partials.Of(writer, updates[k], vars));
            if (!sequential) continue;
            var value = writer.Write(updates[k]); // emits its temporaries first (interpolation appends in place)
            sb.AppendLine($"{Inner}s_{Sanitize(m.States[k].Name)} = {value};");
            writer.Invalidate(m.States[k].Name);
        }
        for (var k = 0; k < n; k++) sb.AppendLine($"{Inner}double la{k} = SA[{k}][ib + l];");
        if (sequential)
        {
            // Reverse of "slot k ← Φₖ(slots)", last update first.
            for (var k = n - 1; k >= 0; k--)
            {
                sb.AppendLine($"{Inner}{{ double adj_k = la{k}; la{k} = 0.0;");
                for (var j = 0; j < n; j++)
                    if (partials[k].States[j] != "0d") sb.AppendLine($"{Inner}la{j} += {partials[k].States[j]} * adj_k;");
                PullBack(sb, partials[k], vars, "adj_k", includeV: true);
                sb.AppendLine($"{Inner}}}");
            }
        }
        else
        {
            for (var k = 0; k < n; k++) sb.AppendLine($"{Inner}double a{k} = la{k};");
            for (var j = 0; j < n; j++)
            {
                var terms = Enumerable.Range(0, n).Where(k => partials[k].States[j] != "0d").Select(k => $"{partials[k].States[j]} * a{k}").ToList();
                sb.AppendLine($"{Inner}la{j} = {(terms.Count == 0 ? "0.0" : string.Join(" + ", terms))};");
            }
            for (var k = 0; k < n; k++) PullBack(sb, partials[k], vars, $"a{k}", includeV: true);
        }
        for (var k = 0; k < n; k++) sb.AppendLine($"{Inner}SA[{k}][ib + l] = la{k};");
        CloseLoop(sb);
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
