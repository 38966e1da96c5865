using System.Collections.Immutable;

namespace NeuronLab.Model.Cells;

/// <summary>A field a named parameter sets.</summary>
public abstract record ParameterTarget;

/// <summary>A mechanism parameter on a region, e.g. <c>hh.gnabar</c> on the soma.</summary>
public sealed record MechanismFieldTarget(Region Region, string Mechanism, string Field) : ParameterTarget;

/// <summary>An ion's reversal potential on a region.</summary>
public sealed record ReversalPotentialTarget(Region Region, string Ion) : ParameterTarget;

/// <summary>Membrane capacitance on a region.</summary>
public sealed record CapacitanceTarget(Region Region) : ParameterTarget;

/// <summary>The gain of a named stimulus (its current is multiplied by the value).</summary>
public sealed record StimulusGainTarget(string Stimulus) : ParameterTarget;

/// <summary>
/// A named quantity a user can set per lane, learn, or differentiate by: e.g. <c>soma.gnabar</c> [S/cm²].
/// Its value replaces the painted value of every field it targets.
/// </summary>
public sealed record ParameterDefinition(
    string Name, string Unit, double Default, double? Lower, double? Upper, ImmutableArray<ParameterTarget> Targets)
{
    /// <summary>A parameter that sets one mechanism field on one region.</summary>
    public static ParameterDefinition ForMechanism(string name, Region region, string mechanism, string field, string unit, double defaultValue, double? lower = null, double? upper = null) =>
        new(name, unit, defaultValue, lower, upper, [new MechanismFieldTarget(region, mechanism, field)]);
}
