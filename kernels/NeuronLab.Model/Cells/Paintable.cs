using System.Collections.Immutable;
using NeuronLab.Model.Mechanisms;

namespace NeuronLab.Model.Cells;

/// <summary>Something painted on a region by a <see cref="Decor"/>.</summary>
public abstract record Paintable;

/// <summary>Inserts a mechanism, with parameter values overriding its defaults (canonical units).</summary>
public sealed record MechanismPaint(Mechanism Mechanism, ImmutableDictionary<string, double> Values) : Paintable
{
    public MechanismPaint(Mechanism mechanism) : this(mechanism, ImmutableDictionary<string, double>.Empty) { }

    /// <summary>The same mechanism with <paramref name="field"/> set to <paramref name="value"/>.</summary>
    /// <exception cref="KeyNotFoundException">The mechanism has no such parameter.</exception>
    public MechanismPaint With(string field, double value)
    {
        _ = Mechanism.Parameter(field);
        return this with { Values = Values.SetItem(field, value) };
    }
}

/// <summary>Specific membrane capacitance [µF/cm²].</summary>
public sealed record MembraneCapacitance(double Value) : Paintable;

/// <summary>Axial resistivity [Ω·cm].</summary>
public sealed record AxialResistivity(double Value) : Paintable;

/// <summary>Membrane potential at t = 0 [mV].</summary>
public sealed record InitialVoltage(double Value) : Paintable;

/// <summary>Reversal potential of an ion [mV], read by mechanisms as <c>e&lt;ion&gt;</c>.</summary>
public sealed record ReversalPotential(string Ion, double Value) : Paintable;
