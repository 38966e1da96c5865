using System.Collections.Concurrent;
using NeuronLab.Model.Mechanisms;

namespace NeuronLab.Model.Catalogue;

/// <summary>
/// The built-in mechanisms by name: every .mod file of <see cref="NmodlCatalogue"/> under its SUFFIX (<c>hh</c>,
/// <c>pas</c>, <c>jk</c>, <c>traub_gidon</c>, <c>io_soma</c>, <c>io_dend</c>, <c>io_axon</c>).
/// </summary>
public static class MechanismCatalogue
{
    private static readonly ConcurrentDictionary<string, Func<Mechanism>> s_factories = new(
        NmodlCatalogue.FilesByMechanism().Select(kv =>
            KeyValuePair.Create<string, Func<Mechanism>>(kv.Key, () => NmodlCatalogue.Load(kv.Value).Mechanism)),
        StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, Mechanism> s_cache = new(StringComparer.Ordinal);

    /// <summary>Names of the mechanisms in the catalogue, sorted.</summary>
    public static IReadOnlyList<string> Names => [.. s_factories.Keys.OrderBy(n => n, StringComparer.Ordinal)];

    /// <summary>The catalogue mechanism called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">Unknown name; the message lists the known ones.</exception>
    public static Mechanism Get(string name) =>
        s_factories.TryGetValue(name, out var factory)
            ? s_cache.GetOrAdd(name, _ => factory())
            : throw new KeyNotFoundException($"No mechanism '{name}' in the catalogue. Known: {string.Join(", ", Names)}.");

    /// <summary>Adds or replaces a catalogue entry (used by the NMODL catalogue loader).</summary>
    public static void Register(string name, Func<Mechanism> factory)
    {
        s_factories[name] = factory;
        s_cache.TryRemove(name, out _);
    }
}
