using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Model.Mechanisms;

/// <summary>Checks that a mechanism's expressions only use symbols it declares.</summary>
public static class MechanismValidator
{
    public static void Validate(Mechanism mechanism)
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { Mechanism.Voltage, Mechanism.Time };
        known.UnionWith(mechanism.Parameters.Select(p => p.Name));
        known.UnionWith(mechanism.Globals.Select(g => g.Name));
        known.UnionWith(mechanism.IonReads);
        known.UnionWith(mechanism.States.Select(s => s.Name));
        var visible = new HashSet<string>(known);
        foreach (var binding in mechanism.Bindings)
        {
            Check(mechanism, $"binding '{binding.Name}'", binding.Value, visible);
            visible.Add(binding.Name);
        }
        foreach (var state in mechanism.States)
        {
            Check(mechanism, $"initial value of state '{state.Name}'", state.Initial, visible);
            Check(mechanism, $"derivative of state '{state.Name}'", state.Derivative, visible);
        }
        foreach (var current in mechanism.Currents)
            Check(mechanism, $"current '{current.Ion ?? "nonspecific"}'", current.Density, visible);
    }

    private static void Check(Mechanism mechanism, string what, Expr expr, HashSet<string> visible)
    {
        var unknown = ExprRewriter.FreeSymbols(expr).Where(s => !visible.Contains(s)).OrderBy(s => s, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new MechanismDefinitionException(
                $"Mechanism '{mechanism.Name}': the {what} uses undeclared symbol(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}.");
    }
}
