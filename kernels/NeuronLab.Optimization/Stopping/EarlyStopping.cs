namespace NeuronLab.Optimization.Stopping;

/// <summary>
/// Early stopping by patience and by a target. An iteration improves when loss &lt; best − MinDelta; after
/// <see cref="Patience"/> iterations in a row without improvement it asks to stop. Independently it asks to stop when
/// loss ≤ <see cref="TargetLoss"/>. Stateless; the state is <see cref="EarlyStoppingState"/>.
/// </summary>
/// <param name="Patience">Iterations without improvement that end the run (≥ 1; int.MaxValue turns it off).</param>
/// <param name="MinDelta">Smallest decrease that counts as an improvement (≥ 0).</param>
/// <param name="TargetLoss">Stop when the loss is at or below this (−∞ turns it off).</param>
public sealed record EarlyStopping(int Patience = int.MaxValue, double MinDelta = 0.0, double TargetLoss = double.NegativeInfinity)
{
    /// <summary>Validates the arguments.</summary>
    public int Patience { get; } = Patience >= 1 ? Patience : throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "Must be >= 1.");

    /// <summary>Validates the arguments.</summary>
    public double MinDelta { get; } = MinDelta >= 0 ? MinDelta : throw new ArgumentOutOfRangeException(nameof(MinDelta), MinDelta, "Must be >= 0.");

    /// <summary>Feeds one loss.</summary>
    /// <returns>The new state and whether (and why) to stop.</returns>
    public (EarlyStoppingState State, EarlyStopReason Stop) Update(EarlyStoppingState state, double loss)
    {
        ArgumentNullException.ThrowIfNull(state);
        var next = loss < state.BestLoss - MinDelta
            ? new EarlyStoppingState(loss, 0)
            : state with { StaleIterations = state.StaleIterations + 1 };
        if (loss <= TargetLoss)
            return (next, EarlyStopReason.TargetLoss);
        if (next.StaleIterations >= Patience)
            return (next, EarlyStopReason.Patience);
        return (next, EarlyStopReason.None);
    }
}
