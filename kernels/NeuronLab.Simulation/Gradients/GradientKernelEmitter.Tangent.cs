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
            sb.AppendLine($"{Inner}    st[{k}][t.StateIndex(i, d, l)] = {Combination(p, vars)};");
            sb.AppendLine($"{Inner}}}");
            sb.AppendLine($"{Inner}double s_{Sanitize(m.States[k].Name)} = {value};");
            writer.Invalidate(m.States[k].Name);
        }
        StoreStates(m, sb);
        CloseLoop(sb);
    }

    // The per-direction arrays are read through locals: the JIT reloads a field of t after every store to an array.
    private static string TangentPrologue(Mechanism m) =>
        "        int directions = t.Directions; double[] TC = t.CurrentTangent; double[] tdv = t.DeltaV; double[] tms = t.MembraneScale; long[] seedMasks = t.SeedMask;\n" +
        "        double[] TV = t.VoltageTangent; double[]?[][] tfs = t.FieldSeed; double[]?[][] tes = t.IonSeed;\n" +
        string.Concat(Enumerable.Range(0, m.States.Length).Select(k => $"        double[] T{k} = t.StateTangent[{k}];\n"));

    /// <summary>
    /// Per direction, −0.01·A·(İ + ġ·ΔV) with İ = ∂I/∂V·V̇ + Σ ∂I/∂s·ṡ + seed terms and ġ alike (g = dI/dV): run after
    /// the primal solve, so the slope's tangent is folded in with this step's ΔV, and scaled by the node's membrane
    /// factor (<see cref="TangentArguments.MembraneScale"/>), so the accumulator is the membrane's share of the tangent
    /// right-hand side. The coefficients −0.01·A·(∂I/∂x + ∂g/∂x·ΔV) are formed once per group: each direction costs one
    /// product per tangent. The primal currents come from the primal kernel before the solve.
    /// </summary>
    private static void EmitCurrentsTangent(Mechanism m, Expr current, Expr conductance, StringBuilder sb)
    {
        var vars = Variables.Of(m);
        EmitVectorHook(sb, "CurrentsTangent", m, ", TA t", TangentPrologue(m), body =>
        {
            body.Writer.ShareExponentials([current, conductance]);
            var pi = body.PartialsOf(current, vars);
            var pg = body.PartialsOf(conductance, vars);
            var slopeTerms = pg.V != "0d" || pg.States.Concat(pg.Fields).Concat(pg.Ions).Any(x => x != "0d");
            var coefficients = new StringBuilder();
            string Fold(string di, string dg) =>
                di == "0d" && dg == "0d" ? "0d" : $"ms * {(dg == "0d" ? di : di == "0d" ? $"({dg} * dv)" : $"({di} + {dg} * dv)")}";
            string Hoist(string di, string dg, string name)
            {
                var folded = Fold(di, dg);
                if (folded == "0d") return folded;
                coefficients.AppendLine($"{VIndent}{V256} {name} = {folded};");
                return name;
            }
            var p = new Partials(Hoist(pi.V, pg.V, "cv"),
                [.. pi.States.Select((x, k) => Hoist(x, pg.States[k], $"c{k}"))],
                [.. pi.Fields.Select((x, j) => Fold(x, pg.Fields[j]))],
                [.. pi.Ions.Select((x, j) => Fold(x, pg.Ions[j]))]);
            var loadS = p.States.Select(x => x != "0d").ToArray();
            body.Hole(a => $"{VIndent}{V256} ms = {a.Node("tms")};\n" + (slopeTerms ? $"{VIndent}{V256} dv = {a.Node("tdv")};\n" : "") + coefficients
                + DirectionLoop(a, m, p.V != "0d", loadS, aa =>
            {
                var s = new StringBuilder();
                s.AppendLine($"{VIndent}    {V256} ci = {Sum(Terms(p, m, "xv", k => $"x{k}"))};");
                s.Append(SeedTerms(aa, p, vars, "ci"));
                s.AppendLine($"{VIndent}    {aa.AddNodeTangent("TC", "ci")}");
                return s.ToString();
            }));
        });
    }

    /// <summary>The v and state terms of Σ partial · tangent.</summary>
    private static IEnumerable<string> Terms(Partials p, Mechanism m, string v, Func<int, string> state)
    {
        if (p.V != "0d") yield return $"{p.V} * {v}";
        for (var k = 0; k < m.States.Length; k++)
            if (p.States[k] != "0d") yield return $"{p.States[k]} * {state(k)}";
    }

    /// <summary>
    /// The primal update s' = Φ(V', s) (stored) and ṡ' = ∂Φ/∂V'·V̇' + ∂Φ/∂s·ṡ + seed terms per direction. cnexp is
    /// sequential: update k sees states j &lt; k already updated, and so do their tangents.
    /// </summary>
    private static void EmitAdvanceTangent(Mechanism m, IReadOnlyList<Expr> updates, StringBuilder sb)
    {
        var vars = Variables.Of(m);
        var n = m.States.Length;
        var sequential = StateUpdate.IsSequential(m);
        EmitVectorHook(sb, "AdvanceTangent", m, ", TA t", TangentPrologue(m), body =>
        {
            body.Writer.ShareExponentials(updates); // the partials' exponentials are the updates' own
            var partials = new List<Partials>();
            var values = new List<string>();
            for (var k = 0; k < n; k++)
            {
                partials.Add(body.PartialsOf(updates[k], vars));
                if (!sequential) continue;
                var value = body.Writer.Write(updates[k]);
                body.Line($"s_{Sanitize(m.States[k].Name)} = {value};");
                body.Writer.Invalidate(m.States[k].Name);
            }
            if (!sequential)
            {
                values.AddRange(updates.Select(body.Writer.Write));
                for (var k = 0; k < n; k++) body.Line($"{V256} n{k} = {values[k]};");
                for (var k = 0; k < n; k++) body.Line($"s_{Sanitize(m.States[k].Name)} = n{k};");
            }
            var loadV = partials.Any(p => p.V != "0d");
            body.Hole(a =>
            {
                var s = new StringBuilder();
                for (var k = 0; k < n; k++)
                {
                    // x − x is 0 for finite x and NaN for ±∞ and NaN (the divergence check then skips its scan).
                    var state = $"s_{Sanitize(m.States[k].Name)}";
                    s.AppendLine($"{VIndent}finite &= Vector256.Equals({state} - {state}, {V256}.Zero);");
                    s.AppendLine(VIndent + a.StoreInstance($"S{k}", state));
                }
                s.Append(DirectionLoop(a, m, loadV, Enumerable.Repeat(true, n).ToArray(), aa =>
                {
                    var d = new StringBuilder();
                    for (var k = 0; k < n; k++)
                    {
                        // Sequential: x_j for j < k already hold the new tangents.
                        d.AppendLine($"{VIndent}    {V256} y{k} = {Sum(Terms(partials[k], m, "xv", j => $"x{j}"))};");
                        d.Append(SeedTerms(aa, partials[k], vars, $"y{k}"));
                        if (sequential) d.AppendLine($"{VIndent}    x{k} = y{k};");
                    }
                    for (var k = 0; k < n; k++) d.AppendLine($"{VIndent}    {aa.StoreStateTangent($"T{k}", sequential ? $"x{k}" : $"y{k}")}");
                    return d.ToString();
                }));
                return s.ToString();
            });
        }, checkStates: true);
    }
}
