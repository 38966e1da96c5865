namespace NeuronLab.Optimization.Stopping;

/// <summary>State of <see cref="EarlyStopping"/>.</summary>
/// <param name="BestLoss">Best loss so far (+∞ at the start).</param>
/// <param name="StaleIterations">Iterations since the last improvement by more than MinDelta.</param>
public sealed record EarlyStoppingState(double BestLoss, int StaleIterations)
{
    /// <summary>The start state.</summary>
    public static EarlyStoppingState Initial { get; } = new(double.PositiveInfinity, 0);
}
