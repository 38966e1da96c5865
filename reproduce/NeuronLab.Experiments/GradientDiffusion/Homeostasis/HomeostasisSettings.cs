namespace NeuronLab.Experiments.GradientDiffusion.Homeostasis;

/// <summary>
/// One homeostasis run of the <c>eighh</c> cell (gradient-diffusion.md §5). Defaults are the reference's
/// <c>run-single-cell.py</c> values; the experiment chooses the run length and dt.
/// </summary>
/// <param name="TargetRate">f_tgt [Hz].</param>
/// <param name="LearningRate">α [1/ms per unit of E]; the reference uses factor·1e-5, factor 0.3 in its plot.</param>
/// <param name="Forgetting">λ [1/ms], applied to every sensitivity and to E.</param>
/// <param name="EstimatorTau">τ_f of the frequency estimator's low-pass [ms].</param>
/// <param name="ClipBound">Per-group L2 bound on the sensitivities (§5: 1); ∞ turns clipping off.</param>
/// <param name="Duration">Simulated time [ms].</param>
/// <param name="Dt">Step [ms].</param>
/// <param name="Seed">Seed of the OU input.</param>
/// <param name="RecordEvery">Steps between recorded samples.</param>
public sealed record HomeostasisSettings(
    double TargetRate,
    double LearningRate = 0.3e-5,
    double Forgetting = 1e-4,
    double EstimatorTau = 10_000,
    double ClipBound = 1.0,
    double Duration = 2e6,
    double Dt = 0.005,
    ulong Seed = 1,
    int RecordEvery = 200_000)
{
    /// <summary>Initial (g_Na, g_K, gain): 120 mS/cm², 36 mS/cm², 0.06 (µA/cm² per unit ou⁴); also θ0 in θ' = −α·E·θ0.</summary>
    public static readonly double[] InitialParameters = [120, 36, 0.06];

    /// <summary>Names of the learned parameters, in the order of <see cref="InitialParameters"/>.</summary>
    public static readonly string[] ParameterNames = ["gNa", "gK", "gain"];

    /// <summary>OU input d ou = θ_OU(μ − ou)dt + σ dW (§5): μ = 0, θ_OU = 0.1 /ms, σ = 0.7 /√ms.</summary>
    public const double OuMean = 0, OuRate = 0.1, OuSigma = 0.7;

    /// <summary>Spike threshold for counting (upward crossing) [mV]: the reference's network detector, −10 mV.</summary>
    public const double SpikeThreshold = -10;

    /// <summary>Number of steps.</summary>
    public long StepCount => (long)Math.Round(Duration / Dt);
}
