using System.Text.Json.Serialization;

namespace NeuronLab.Experiments;

/// <summary>A checked statement in an experiment's <c>summary.json</c>.</summary>
/// <param name="Id">Stable identifier, e.g. <c>hh-axon-be.rms</c>.</param>
/// <param name="Statement">What is claimed, in words.</param>
/// <param name="Expected">The criterion, e.g. <c>≤ 0.05 mV</c>.</param>
/// <param name="Measured">What was measured, with units.</param>
/// <param name="Pass">Whether the measurement meets the criterion.</param>
public sealed record Claim(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("claim")] string Statement,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("measured")] string Measured,
    [property: JsonPropertyName("pass")] bool Pass);

/// <summary>What an experiment returns: its claims and any extra figures for the summary.</summary>
public sealed record ExperimentReport(IReadOnlyList<Claim> Claims, IReadOnlyDictionary<string, object>? Data = null);
