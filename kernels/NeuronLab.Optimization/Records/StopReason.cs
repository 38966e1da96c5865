namespace NeuronLab.Optimization.Records;

/// <summary>Why an <see cref="OptimizationRun"/> ended (cancellation throws instead).</summary>
public enum StopReason
{
    /// <summary>MaxIterations reached.</summary>
    MaxIterations,
    /// <summary>Early stopping by patience.</summary>
    Patience,
    /// <summary>Early stopping by target loss.</summary>
    TargetLoss,
    /// <summary>The ask/tell optimizer met one of its own termination criteria.</summary>
    OptimizerDone,
    /// <summary>The objective returned NaN or ±∞ (gradient methods); the run stops instead of stepping on it.</summary>
    NonFiniteLoss,
}
