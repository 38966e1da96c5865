using System.Collections.Immutable;
using NeuronLab.Model.Mechanisms;

namespace NeuronLab.Model.Cells;

/// <summary>One painting: what, and where.</summary>
public sealed record Paint(Region Region, Paintable What);

/// <summary>
/// What is painted where (Arbor's decor). Paintings apply in order: a later painting of a property, or of a
/// parameter of the same mechanism, overrides an earlier one on the compartments they share.
/// Unpainted properties take NEURON's defaults (<see cref="Defaults"/>).
/// </summary>
public sealed record Decor(ImmutableArray<Paint> Paints)
{
    public static Decor Empty { get; } = new(ImmutableArray<Paint>.Empty);

    /// <summary>Adds a painting.</summary>
    public Decor With(Region region, Paintable what) => new(Paints.Add(new Paint(region, what)));

    /// <summary>Inserts a mechanism with optional parameter values.</summary>
    public Decor With(Region region, Mechanism mechanism, params (string Field, double Value)[] values)
    {
        var paint = new MechanismPaint(mechanism);
        foreach (var (field, value) in values) paint = paint.With(field, value);
        return With(region, paint);
    }

    /// <summary>NEURON's defaults for unpainted properties.</summary>
    public static class Defaults
    {
        /// <summary>[µF/cm²]</summary>
        public const double MembraneCapacitance = 1.0;
        /// <summary>[Ω·cm]</summary>
        public const double AxialResistivity = 35.4;
        /// <summary>[mV]</summary>
        public const double InitialVoltage = -65.0;
        /// <summary>[°C]</summary>
        public const double Temperature = 6.3;

        /// <summary>Reversal potentials [mV] NEURON uses when nothing sets them (eca from its default concentrations at 6.3 °C).</summary>
        public static IReadOnlyDictionary<string, double> ReversalPotentials { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["na"] = 50.0,
            ["k"] = -77.0,
            ["ca"] = 132.4579341637009,
        };
    }
}
