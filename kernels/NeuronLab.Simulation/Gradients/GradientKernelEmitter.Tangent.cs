using System.Text;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;
using static NeuronLab.Simulation.Kernels.KernelSourceEmitter;

namespace NeuronLab.Simulation.Gradients;

public static partial class GradientKernelEmitter
{
    private const string Inner = "                ";

    private static void EmitInitializeTangent(Mechanism m, List<Expr> initials, StringBuilder sb)
    {
        var vars = Variables.Of(m);
        OpenLoop(sb, "InitializeTangent", m, loadStates: false, ", TA t");
        var writer = Writer(m, sb);
        for (var k = 0; k < m.States.Length; k++)
        {
            var p = Partials.Of(writer, initials[k], vars, withV: false);
            var value = writer.Write(initials[k]);
            OpenDirections(sb, Inner);
            sb.AppendLine($"{Inner}    st[{k}][ib + l] = {Combination(p, vars, includeV: false)};");
            sb.AppendLine($"{Inner}}}");
            sb.AppendLine($"{Inner}double s_{Sanitize(m.States[k].Name)} = {value};");
            writer.Invalidate(m.States[k].Name);
        }
        StoreStates(m, sb);
        CloseLoop(sb);
    }

    private static void EmitCurrentsTangent(Mechanism m, Expr current, Expr conductance, StringBuilder sb)
    {
        var vars = Variables.Of(m);
        OpenLoop(sb, "CurrentsTangent", m, loadStates: true, ", TA t");
        var writer = Writer(m, sb);
        var pi = Partials.Of(writer, current, vars);
        var pg = Partials.Of(writer, conductance, vars);
        OpenDirections(sb, Inner);
        sb.AppendLine($"{Inner}    t.CurrentTangent[d][nb + l] += {Combination(pi, vars, includeV: true)};");
        sb.AppendLine($"{Inner}    t.ConductanceTangent[d][nb + l] += {Combination(pg, vars, includeV: true)};");
        sb.AppendLine($"{Inner}}}");
        CloseLoop(sb);
    }

    private static void EmitAdvanceTangent(Mechanism m, IReadOnlyList<Expr> updates, StringBuilder sb)
    {
        var vars = Variables.Of(m);
        OpenLoop(sb, "AdvanceTangent", m, loadStates: true, ", TA t");
        var writer = Writer(m, sb);
        if (StateUpdate.IsSequential(m))
        {
            for (var k = 0; k < m.States.Length; k++)
            {
                var p = Partials.Of(writer, updates[k], vars);
                var value = writer.Write(updates[k]);
                OpenDirections(sb, Inner);
                sb.AppendLine($"{Inner}    st[{k}][ib + l] = {Combination(p, vars, includeV: true)};");
                sb.AppendLine($"{Inner}}}");
                sb.AppendLine($"{Inner}s_{Sanitize(m.States[k].Name)} = {value};");
                writer.Invalidate(m.States[k].Name);
            }
        }
        else
        {
            var partials = updates.Select(u => Partials.Of(writer, u, vars)).ToList();
            var values = updates.Select(writer.Write).ToList();
            OpenDirections(sb, Inner);
            for (var k = 0; k < m.States.Length; k++)
                sb.AppendLine($"{Inner}    double nt{k} = {Combination(partials[k], vars, includeV: true)};");
            for (var k = 0; k < m.States.Length; k++)
                sb.AppendLine($"{Inner}    st[{k}][ib + l] = nt{k};");
            sb.AppendLine($"{Inner}}}");
            for (var k = 0; k < m.States.Length; k++)
                sb.AppendLine($"{Inner}s_{Sanitize(m.States[k].Name)} = {values[k]};");
        }
        StoreStates(m, sb);
        CloseLoop(sb);
    }
}
