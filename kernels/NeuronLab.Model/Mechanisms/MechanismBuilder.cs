using System.Collections.Immutable;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Model.Mechanisms;

/// <summary>
/// Writes a mechanism in C#. Each declaration returns the symbol to use in later expressions.
/// </summary>
/// <example>
/// <code>
/// var b = new MechanismBuilder("pas");
/// var g = b.Parameter("g", "S/cm2", 0.001, lower: 0);
/// var e = b.Parameter("e", "mV", -70);
/// b.Current(null, g * (b.V - e));
/// Mechanism pas = b.Build();
/// </code>
/// </example>
public sealed class MechanismBuilder(string name, MechanismKind kind = MechanismKind.Density)
{
    private readonly List<MechanismParameter> _parameters = [];
    private readonly List<MechanismGlobal> _globals = [];
    private readonly List<Binding> _bindings = [];
    private readonly List<MechanismState> _states = [];
    private readonly List<MechanismCurrent> _currents = [];
    private readonly Dictionary<string, (List<string> Reads, bool Writes)> _ions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal) { Mechanism.Voltage, Mechanism.Time };

    /// <summary>Membrane potential [mV].</summary>
    public Symbol V { get; } = new(Mechanism.Voltage);

    /// <summary>Time [ms].</summary>
    public Symbol T { get; } = new(Mechanism.Time);

    /// <summary>Free text: where the equations come from.</summary>
    public string Description { get; set; } = "";

    public Symbol Parameter(string parameterName, string unit, double defaultValue, double? lower = null, double? upper = null)
    {
        Declare(parameterName);
        _parameters.Add(new MechanismParameter(parameterName, unit, defaultValue, lower, upper));
        return new Symbol(parameterName);
    }

    public Symbol Global(string globalName, string unit, double defaultValue)
    {
        Declare(globalName);
        _globals.Add(new MechanismGlobal(globalName, unit, defaultValue));
        return new Symbol(globalName);
    }

    /// <summary>A named intermediate, e.g. a rate function of <c>v</c>.</summary>
    public Symbol Let(string bindingName, Expr value)
    {
        Declare(bindingName);
        _bindings.Add(new Binding(bindingName, value));
        return new Symbol(bindingName);
    }

    /// <summary>Reads an ion variable, e.g. <c>IonRead("na", "ena")</c>.</summary>
    public Symbol IonRead(string ion, string variable)
    {
        Declare(variable);
        Ion(ion).Reads.Add(variable);
        return new Symbol(variable);
    }

    /// <summary>A state with explicit initial value and derivative.</summary>
    public Symbol State(string stateName, string unit, Expr initial, Expr derivative)
    {
        Declare(stateName);
        _states.Add(new MechanismState(stateName, unit, initial, derivative));
        return new Symbol(stateName);
    }

    /// <summary>A gate written as steady state and time constant: <c>dx/dt = (inf − x)/tau</c>, starting at <c>inf</c>.</summary>
    public Symbol GateInfTau(string stateName, Expr inf, Expr tau)
    {
        var x = new Symbol(stateName);
        return State(stateName, "1", inf, (inf - x) / tau);
    }

    /// <summary>A gate written with opening/closing rates: <c>dx/dt = α(1 − x) − βx</c>, starting at <c>α/(α+β)</c>.</summary>
    public Symbol GateAlphaBeta(string stateName, Expr alpha, Expr beta)
    {
        var x = new Symbol(stateName);
        return State(stateName, "1", alpha / (alpha + beta), alpha * (1.0 - x) - beta * x);
    }

    /// <summary>A current density [mA/cm²], outward positive; <paramref name="ion"/> null for a nonspecific current.</summary>
    public void Current(string? ion, Expr density)
    {
        if (ion is not null) Ion(ion) = Ion(ion) with { Writes = true };
        _currents.Add(new MechanismCurrent(ion, density));
    }

    /// <summary>Builds the mechanism and checks that every symbol it uses is declared.</summary>
    /// <exception cref="MechanismDefinitionException">An expression uses an undeclared symbol.</exception>
    public Mechanism Build(StateUpdateMethod method = StateUpdateMethod.Cnexp)
    {
        var mechanism = new Mechanism(
            name, kind, [.. _parameters], [.. _globals], [.. _bindings], [.. _states], [.. _currents],
            [.. _ions.Select(kv => new IonUse(kv.Key, [.. kv.Value.Reads], kv.Value.Writes))],
            method, Description);
        MechanismValidator.Validate(mechanism);
        return mechanism;
    }

    private ref (List<string> Reads, bool Writes) Ion(string ion)
    {
        if (!_ions.ContainsKey(ion)) _ions[ion] = ([], false);
        return ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_ions, ion);
    }

    private void Declare(string symbolName)
    {
        if (!_names.Add(symbolName))
            throw new MechanismDefinitionException($"Mechanism '{name}': '{symbolName}' is declared twice.");
    }
}
