using System.Collections.Immutable;
using NeuronLab.Simulation;

namespace NeuronLab.Fitting;

/// <summary>One evaluation of a fitting problem at a point.</summary>
/// <param name="Loss">The loss over the whole stimulus set.</param>
/// <param name="Gradient">dL/dx in optimizer units (empty when not requested).</param>
/// <param name="LossPerStimulus">Each stimulus's share of the loss.</param>
/// <param name="Recording">The model's traces, one lane per stimulus.</param>
public sealed record FitEvaluation(double Loss, ImmutableArray<double> Gradient, ImmutableArray<double> LossPerStimulus, SimulationResult Recording);
