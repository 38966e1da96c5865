using System.Globalization;
using System.Text;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Model.Nmodl;

/// <summary>
/// Writes a <see cref="Mechanism"/> (from NMODL or from the C# builder) back as NMODL that
/// <see cref="NmodlLoader"/> reads into an equivalent mechanism: bindings become ASSIGNED variables computed in the
/// blocks that need them, top-level conditionals become if/else, and helper FUNCTIONs <c>exprelr</c> and
/// <c>cond_</c> (a conditional inside an expression) are added when used.
/// </summary>
public static class NmodlWriter
{
    /// <summary>The NMODL text of <paramref name="mechanism"/>.</summary>
    /// <exception cref="NotSupportedException">An exprelr derivative node or a non-finite constant (no NMODL form).</exception>
    public static string Write(Mechanism mechanism)
    {
        var sb = new StringBuilder();
        var usesCelsius = mechanism.Globals.Any(g => g.Name == "celsius");
        var currentNames = CurrentNames(mechanism);
        var bindings = mechanism.Bindings.ToDictionary(b => b.Name, b => ExprRewriter.InlineLets(b.Value), StringComparer.Ordinal);
        var helpers = new HashSet<string>(StringComparer.Ordinal);

        if (mechanism.Description.Length > 0) sb.Append("TITLE ").AppendLine(mechanism.Description.Replace('\n', ' '));
        sb.AppendLine("NEURON {");
        sb.Append(mechanism.Kind == MechanismKind.Point ? "    POINT_PROCESS " : "    SUFFIX ").AppendLine(mechanism.Name);
        foreach (var ion in mechanism.Ions)
        {
            sb.Append("    USEION ").Append(ion.Ion);
            if (ion.Reads.Length > 0) sb.Append(" READ ").Append(string.Join(", ", ion.Reads));
            if (ion.WritesCurrent) sb.Append(" WRITE i").Append(ion.Ion);
            sb.AppendLine();
        }
        var nonspecific = currentNames.Where(c => c.Ion is null).Select(c => c.Name).Distinct().ToList();
        if (nonspecific.Count > 0) sb.Append("    NONSPECIFIC_CURRENT ").AppendLine(string.Join(", ", nonspecific));
        if (mechanism.Parameters.Length > 0) sb.Append("    RANGE ").AppendLine(string.Join(", ", mechanism.Parameters.Select(p => p.Name)));
        var globals = mechanism.Globals.Where(g => g.Name != "celsius").ToList();
        if (globals.Count > 0) sb.Append("    GLOBAL ").AppendLine(string.Join(", ", globals.Select(g => g.Name)));
        sb.AppendLine("}");

        sb.AppendLine("PARAMETER {");
        foreach (var p in mechanism.Parameters)
        {
            sb.Append("    ").Append(p.Name).Append(" = ").Append(Number(p.Default)).Append(" (").Append(p.Unit).Append(')');
            if (p.Lower is not null || p.Upper is not null)
                sb.Append(" <").Append(Number(p.Lower ?? -1e300)).Append(", ").Append(Number(p.Upper ?? 1e300)).Append('>');
            sb.AppendLine();
        }
        foreach (var g in globals) sb.Append("    ").Append(g.Name).Append(" = ").Append(Number(g.Default)).Append(" (").Append(g.Unit).AppendLine(")");
        sb.AppendLine("}");

        if (mechanism.States.Length > 0)
        {
            sb.AppendLine("STATE {");
            foreach (var s in mechanism.States) sb.Append("    ").Append(s.Name).Append(" (").Append(s.Unit).AppendLine(")");
            sb.AppendLine("}");
        }

        var currentUnit = mechanism.Kind == MechanismKind.Point ? "nA" : "mA/cm2";
        sb.AppendLine("ASSIGNED {");
        sb.AppendLine("    v (mV)");
        if (usesCelsius) sb.AppendLine("    celsius (degC)");
        foreach (var ion in mechanism.Ions)
            foreach (var read in ion.Reads) sb.Append("    ").Append(read).AppendLine(read.StartsWith('e') ? " (mV)" : " (mM)");
        foreach (var name in currentNames.Select(c => c.Name).Distinct()) sb.Append("    ").Append(name).Append(" (").Append(currentUnit).AppendLine(")");
        foreach (var b in mechanism.Bindings.Where(b => currentNames.All(c => c.Name != b.Name))) sb.Append("    ").AppendLine(b.Name);
        sb.AppendLine("}");

        sb.AppendLine("INITIAL {");
        WriteBindings(sb, mechanism, bindings, mechanism.States.Select(s => s.Initial), helpers);
        foreach (var s in mechanism.States) WriteAssignment(sb, "    ", s.Name, ExprRewriter.InlineLets(s.Initial), helpers);
        sb.AppendLine("}");

        sb.AppendLine("BREAKPOINT {");
        if (mechanism.States.Length > 0)
            sb.Append("    SOLVE states METHOD ").AppendLine(mechanism.Method switch
            {
                StateUpdateMethod.Cnexp => "cnexp",
                StateUpdateMethod.Euler => "euler",
                _ => "derivimplicit",
            });
        WriteBindings(sb, mechanism, bindings, mechanism.Currents.Select(c => c.Density), helpers);
        foreach (var group in currentNames.Select((c, i) => (c.Name, Density: ExprRewriter.InlineLets(mechanism.Currents[i].Density))).GroupBy(c => c.Name))
        {
            var total = group.Select(c => c.Density).Aggregate((a, b) => a + b);
            if (total is Symbol s && s.Name == group.Key) continue;
            WriteAssignment(sb, "    ", group.Key, total, helpers);
        }
        sb.AppendLine("}");

        if (mechanism.States.Length > 0)
        {
            sb.AppendLine("DERIVATIVE states {");
            WriteBindings(sb, mechanism, bindings, mechanism.States.Select(s => s.Derivative), helpers);
            foreach (var s in mechanism.States) WriteAssignment(sb, "    ", s.Name + "'", ExprRewriter.InlineLets(s.Derivative), helpers);
            sb.AppendLine("}");
        }

        if (helpers.Contains("exprelr"))
            sb.AppendLine("FUNCTION exprelr(x) {\n    if (fabs(x) < 1e-6) {\n        exprelr = 1 - x/2\n    } else {\n        exprelr = x/(exp(x) - 1)\n    }\n}");
        if (helpers.Contains("cond_"))
            sb.AppendLine("FUNCTION cond_(c, a, b) {\n    if (c) {\n        cond_ = a\n    } else {\n        cond_ = b\n    }\n}");
        return sb.ToString();
    }

    // Current variable per current: i<ion> for ion currents (summed if several), i_<k> for nonspecific ones.
    private static List<(string? Ion, string Name)> CurrentNames(Mechanism mechanism)
    {
        var names = new List<(string?, string)>();
        var nonspecific = 0;
        foreach (var current in mechanism.Currents)
        {
            if (current.Ion is { } ion) names.Add((ion, "i" + ion));
            else if (current.Density is Symbol s && mechanism.Bindings.Any(b => b.Name == s.Name) && names.All(n => n.Item2 != s.Name))
                names.Add((null, s.Name));
            else names.Add((null, $"i_{nonspecific++}"));
        }
        return names;
    }

    private static void WriteBindings(StringBuilder sb, Mechanism mechanism, Dictionary<string, Expr> bindings, IEnumerable<Expr> roots, HashSet<string> helpers)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots.SelectMany(r => ExprRewriter.FreeSymbols(r)).Where(bindings.ContainsKey));
        while (pending.TryPop(out var name))
        {
            if (!needed.Add(name)) continue;
            foreach (var symbol in ExprRewriter.FreeSymbols(bindings[name]).Where(bindings.ContainsKey)) pending.Push(symbol);
        }
        foreach (var b in mechanism.Bindings.Where(b => needed.Contains(b.Name))) WriteAssignment(sb, "    ", b.Name, bindings[b.Name], helpers);
    }

    private static void WriteAssignment(StringBuilder sb, string indent, string target, Expr value, HashSet<string> helpers)
    {
        if (value is Conditional c)
        {
            sb.Append(indent).Append("if (").Append(Print(c.Condition, helpers)).AppendLine(") {");
            WriteAssignment(sb, indent + "    ", target, c.WhenTrue, helpers);
            sb.Append(indent).AppendLine("} else {");
            WriteAssignment(sb, indent + "    ", target, c.WhenFalse, helpers);
            sb.Append(indent).AppendLine("}");
            return;
        }
        sb.Append(indent).Append(target).Append(" = ").AppendLine(Print(value, helpers));
    }

    /// <summary>An expression in NMODL syntax (fully parenthesised).</summary>
    public static string Print(Expr expr) => Print(ExprRewriter.InlineLets(expr), []);

    private static string Print(Expr expr, HashSet<string> helpers) => expr switch
    {
        Constant c => c.Value < 0 ? $"({Number(c.Value)})" : Number(c.Value),
        Symbol s => s.Name,
        Unary u => u.Operator switch
        {
            UnaryOperator.Negate => $"(-{Print(u.Operand, helpers)})",
            UnaryOperator.Not => $"(!{Print(u.Operand, helpers)})",
            UnaryOperator.Exp => $"exp({Print(u.Operand, helpers)})",
            UnaryOperator.Log => $"log({Print(u.Operand, helpers)})",
            UnaryOperator.Sqrt => $"sqrt({Print(u.Operand, helpers)})",
            UnaryOperator.Abs => $"fabs({Print(u.Operand, helpers)})",
            UnaryOperator.Tanh => $"tanh({Print(u.Operand, helpers)})",
            UnaryOperator.Sin => $"sin({Print(u.Operand, helpers)})",
            UnaryOperator.Cos => $"cos({Print(u.Operand, helpers)})",
            _ => throw new ArgumentOutOfRangeException(nameof(expr), u.Operator, "Unknown unary operator."),
        },
        Binary { Operator: BinaryOperator.Power } b => $"pow({Print(b.Left, helpers)}, {Print(b.Right, helpers)})",
        Binary { Operator: BinaryOperator.Min } b => Print(new Conditional(new Comparison(ComparisonOperator.Less, b.Left, b.Right), b.Left, b.Right), helpers),
        Binary { Operator: BinaryOperator.Max } b => Print(new Conditional(new Comparison(ComparisonOperator.Greater, b.Left, b.Right), b.Left, b.Right), helpers),
        Binary b => $"({Print(b.Left, helpers)} {b.Operator switch
        {
            BinaryOperator.Add => "+",
            BinaryOperator.Subtract => "-",
            BinaryOperator.Multiply => "*",
            _ => "/",
        }} {Print(b.Right, helpers)})",
        Comparison c => $"({Print(c.Left, helpers)} {c.Operator switch
        {
            ComparisonOperator.Less => "<",
            ComparisonOperator.LessOrEqual => "<=",
            ComparisonOperator.Greater => ">",
            ComparisonOperator.GreaterOrEqual => ">=",
            ComparisonOperator.Equal => "==",
            _ => "!=",
        }} {Print(c.Right, helpers)})",
        Logical l => $"({Print(l.Left, helpers)} {(l.Operator == LogicalOperator.And ? "&&" : "||")} {Print(l.Right, helpers)})",
        Conditional c => Helper(helpers, "cond_", $"cond_({Print(c.Condition, helpers)}, {Print(c.WhenTrue, helpers)}, {Print(c.WhenFalse, helpers)})"),
        Exprelr { Order: 0 } e => Helper(helpers, "exprelr", $"exprelr({Print(e.Argument, helpers)})"),
        Exprelr e => throw new NotSupportedException($"exprelr derivative of order {e.Order} has no NMODL form."),
        _ => throw new ArgumentOutOfRangeException(nameof(expr), expr.GetType().Name, "Unknown expression node."),
    };

    private static string Helper(HashSet<string> helpers, string name, string text)
    {
        helpers.Add(name);
        return text;
    }

    private static string Number(double value) =>
        double.IsFinite(value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : throw new NotSupportedException($"the constant {value} has no NMODL form.");
}
