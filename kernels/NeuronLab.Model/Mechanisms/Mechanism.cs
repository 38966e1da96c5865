using System.Collections.Immutable;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Model.Mechanisms;

/// <summary>Where a mechanism lives: spread over membrane (density, per unit area) or at a point.</summary>
public enum MechanismKind { Density, Point }

/// <summary>How a mechanism's states are advanced over one time step (NMODL <c>SOLVE … METHOD</c>).</summary>
public enum StateUpdateMethod
{
    /// <summary>Exact exponential step for states whose derivative is linear in the state (NEURON's cnexp).</summary>
    Cnexp,
    /// <summary>Explicit (forward) Euler.</summary>
    Euler,
    /// <summary>Implicit (backward) Euler solved by Newton iteration (NEURON's derivimplicit).</summary>
    Derivimplicit,
}

/// <summary>A per-compartment (RANGE) parameter, in canonical units.</summary>
/// <param name="Name">Field name, e.g. <c>gnabar</c>.</param>
/// <param name="Unit">Canonical unit, e.g. <c>S/cm2</c>.</param>
/// <param name="Default">Default value in <paramref name="Unit"/>.</param>
/// <param name="Lower">Lower bound, if any (NMODL <c>&lt;lo, hi&gt;</c>).</param>
/// <param name="Upper">Upper bound, if any.</param>
public sealed record MechanismParameter(string Name, string Unit, double Default, double? Lower = null, double? Upper = null);

/// <summary>A global shared by every instance (e.g. <c>celsius</c>); set per simulation, not per compartment.</summary>
public sealed record MechanismGlobal(string Name, string Unit, double Default);

/// <summary>A named intermediate (NMODL ASSIGNED/LOCAL/FUNCTION result), evaluated in declaration order.</summary>
public sealed record Binding(string Name, Expr Value);

/// <summary>A state variable with its initial value and its time derivative.</summary>
/// <param name="Name">State name, e.g. <c>m</c>.</param>
/// <param name="Unit">Unit of the state (<c>1</c> for gates).</param>
/// <param name="Initial">Initial value; may depend on <c>v</c> (steady state) and parameters.</param>
/// <param name="Derivative">d(state)/dt in [Unit]/ms.</param>
public sealed record MechanismState(string Name, string Unit, Expr Initial, Expr Derivative);

/// <summary>A transmembrane current density [mA/cm²], outward positive, carried by <paramref name="Ion"/> (null: nonspecific).</summary>
public sealed record MechanismCurrent(string? Ion, Expr Density);

/// <summary>An ion the mechanism reads (reversal potential <c>e&lt;ion&gt;</c>) and/or whose current it writes.</summary>
public sealed record IonUse(string Ion, ImmutableArray<string> Reads, bool WritesCurrent);

/// <summary>
/// An ion-channel (or other membrane) mechanism as data: parameters, globals, named intermediates, states with their
/// derivatives, and the currents it contributes, all as expression IR over the symbols <c>v</c> [mV], <c>t</c> [ms],
/// the parameters, globals, states, bindings and ion reads. Build one with <see cref="MechanismBuilder"/> or the NMODL
/// front end.
/// </summary>
public sealed record Mechanism(
    string Name,
    MechanismKind Kind,
    ImmutableArray<MechanismParameter> Parameters,
    ImmutableArray<MechanismGlobal> Globals,
    ImmutableArray<Binding> Bindings,
    ImmutableArray<MechanismState> States,
    ImmutableArray<MechanismCurrent> Currents,
    ImmutableArray<IonUse> Ions,
    StateUpdateMethod Method,
    string Description = "")
{
    /// <summary>The membrane potential symbol [mV].</summary>
    public const string Voltage = "v";

    /// <summary>The time symbol [ms].</summary>
    public const string Time = "t";

    /// <summary>The parameter called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter; the message lists the ones there are.</exception>
    public MechanismParameter Parameter(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name)
        ?? throw new KeyNotFoundException($"Mechanism '{Name}' has no parameter '{name}'. Parameters: {string.Join(", ", Parameters.Select(p => p.Name))}.");

    /// <summary>Index of the state called <paramref name="name"/>, or −1.</summary>
    public int StateIndex(string name) => States.Select(s => s.Name).ToList().IndexOf(name);

    /// <summary>All ion variables read (e.g. <c>ena</c>), in a fixed order.</summary>
    public IEnumerable<string> IonReads => Ions.SelectMany(i => i.Reads);

    /// <summary>Replaces the bindings in <paramref name="expr"/> by their values (transitively) and simplifies.</summary>
    public Expr Resolve(Expr expr)
    {
        var resolved = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var binding in Bindings)
            resolved[binding.Name] = ExprRewriter.Substitute(ExprRewriter.InlineLets(binding.Value), resolved);
        return ExprSimplifier.Simplify(ExprRewriter.Substitute(ExprRewriter.InlineLets(expr), resolved));
    }
}
