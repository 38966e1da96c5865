namespace NeuronLab.Optimization.Stopping;

/// <summary>Why <see cref="EarlyStopping"/> asks to stop.</summary>
public enum EarlyStopReason
{
    /// <summary>Keep going.</summary>
    None,
    /// <summary>No improvement by more than MinDelta for Patience iterations.</summary>
    Patience,
    /// <summary>The loss reached the target.</summary>
    TargetLoss,
}
