using System.Collections.Immutable;

namespace NeuronLab.Fitting;

/// <summary>
/// Which stimulation or recording sites take part, by name: current clamps by their name, probes by theirs. Limited
/// stimulation and limited recording are data, not code paths: an unselected clamp is dropped (its current is zero), an
/// unselected probe has no target (mask 0 in the loss).
/// </summary>
/// <param name="Names">The selected names; null selects every site.</param>
public sealed record SiteSelection(ImmutableHashSet<string>? Names)
{
    /// <summary>Every site.</summary>
    public static SiteSelection All { get; } = new((ImmutableHashSet<string>?)null);

    /// <summary>Only the sites called <paramref name="names"/>.</summary>
    public static SiteSelection Only(params IEnumerable<string> names) => new(ImmutableHashSet.CreateRange(StringComparer.Ordinal, names));

    /// <summary>Whether the site called <paramref name="name"/> is selected.</summary>
    public bool Contains(string name) => Names is null || Names.Contains(name);

    /// <summary>How many of <paramref name="sites"/> are selected.</summary>
    public int CountIn(IEnumerable<string> sites) => sites.Count(Contains);

    public override string ToString() => Names is null ? "all" : "[" + string.Join(",", Names.Order(StringComparer.Ordinal)) + "]";
}
