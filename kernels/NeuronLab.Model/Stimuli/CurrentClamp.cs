namespace NeuronLab.Model.Stimuli;

using NeuronLab.Model.Cells;

/// <summary>
/// A current injected at a location [nA, positive depolarises], scaled by <paramref name="Gain"/>.
/// The name lets a <see cref="StimulusGainTarget"/> parameter set the gain.
/// </summary>
public sealed record CurrentClamp(string Name, Location Location, Waveform Waveform, double Gain = 1.0);
