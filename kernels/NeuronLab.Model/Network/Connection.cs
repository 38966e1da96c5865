namespace NeuronLab.Model.Network;

/// <summary>
/// A connection between two lanes (cells) of a batch: each spike of <paramref name="Detector"/> on lane
/// <paramref name="Source"/> adds <paramref name="Weight"/> [µS] to <paramref name="Synapse"/> on lane
/// <paramref name="Target"/> after <paramref name="Delay"/> [ms].
/// </summary>
public sealed record Connection(int Source, string Detector, int Target, string Synapse, double Weight, double Delay);
