using System.Collections.Immutable;

namespace NeuronLab.Experiments.JonesKording;

/// <summary>
/// Where one condition's fit leaves the authors' stored trajectory, and how sensitive the gradient is there. Both runs
/// start from the same point and take the same first steps (to 1e-7 mS/cm²), so a separation later is a property of the
/// loss landscape along the path, not of the set-up: if parameters a rounding error apart give gradients pointing
/// different ways, the authors' float32 run (jones-kording.md §3.3) and our float64 run must part there.
/// </summary>
/// <param name="AgreesUntil">Last epoch whose parameters are within <see cref="JkDivergence.AgreementGap"/> of the authors'
/// (null: already apart after the first step).</param>
/// <param name="SeparatesAt">First epoch with a parameter more than <see cref="JkDivergence.SeparationGap"/> from the
/// authors' (null: never within the run).</param>
/// <param name="Gap">Largest |Δg| to the authors' at <paramref name="AgreesUntil"/> [mS/cm²].</param>
/// <param name="AuthorsCosine">Cosine between our gradient at our parameters and our gradient at the authors' parameters of
/// that epoch (1: the same direction).</param>
/// <param name="SignFlips">Gradient components whose sign differs between those two points.</param>
/// <param name="RoughestCosine">Smallest cosine, over the epochs from <paramref name="AgreesUntil"/> to just before
/// <paramref name="SeparatesAt"/>, between the gradient at our parameters and at our parameters ± <see
/// cref="JkDivergence.Perturbation"/> (alternating signs): how far a rounding-sized change turns the descent direction.</param>
/// <param name="RoughestEpoch">The epoch of <paramref name="RoughestCosine"/>.</param>
public sealed record JkDivergence(JkCondition Condition, int? AgreesUntil, int? SeparatesAt, double Gap, double? AuthorsCosine, int? SignFlips,
    double? RoughestCosine, int? RoughestEpoch)
{
    /// <summary>"Still on the authors' path": every parameter within 0.01 mS/cm² (the first steps agree to 1e-7, and the
    /// authors' float32 parameters carry about 1e-5 mS/cm² of rounding at g ≈ 100).</summary>
    public const double AgreementGap = 0.01;

    /// <summary>"Visibly apart": some parameter more than 1 mS/cm² (twice the learning rate, so not a single step's sign).</summary>
    public const double SeparationGap = 1.0;

    /// <summary>Probe of the landscape's roughness: 1e-3 mS/cm² per parameter, far below anything a fit resolves and about
    /// the size of float32 rounding accumulated over the authors' 28,800-entry loss.</summary>
    public const double Perturbation = 1e-3;

    /// <summary>Compares <paramref name="run"/> with the authors' log; when the two separate, evaluates gradients at the last
    /// agreeing epoch (ours, the authors' point) and probes every epoch up to the separation (two per epoch).</summary>
    public static JkDivergence Analyse(JkRun run, JkLog paper)
    {
        var epochs = Math.Min(run.Log.Epochs, paper.Epochs);
        var gaps = Enumerable.Range(0, epochs).Select(e => MaxGap(run.Log.Parameters[e], paper.Parameters[e])).ToArray();
        int? separates = Array.FindIndex(gaps, g => g > SeparationGap) is var s and >= 0 ? s : null;
        var limit = separates ?? epochs;
        int? agrees = Array.FindLastIndex(gaps, limit - 1, limit, g => g <= AgreementGap) is var a and >= 0 ? a : null;
        if (separates is null || agrees is null)
            return new JkDivergence(run.Condition, agrees, separates, agrees is { } i ? gaps[i] : double.NaN, null, null, null, null);

        var gOurs = Gradient(run, run.Log.Parameters[agrees.Value]);
        var gTheirs = Gradient(run, paper.Parameters[agrees.Value]);
        var flips = gOurs.Zip(gTheirs, (x, y) => Math.Sign(x) != Math.Sign(y)).Count(f => f);
        var (roughest, epoch) = (double.PositiveInfinity, agrees.Value);
        for (var e = agrees.Value; e < separates.Value; e++)
        {
            var ours = run.Log.Parameters[e];
            var perturbed = ours.Select((g, i) => g + (i % 2 == 0 ? Perturbation : -Perturbation)).ToImmutableArray();
            var cosine = e == agrees.Value ? Cosine(gOurs, Gradient(run, perturbed)) : Cosine(Gradient(run, ours), Gradient(run, perturbed));
            if (cosine < roughest) (roughest, epoch) = (cosine, e);
        }
        return new JkDivergence(run.Condition, agrees, separates, gaps[agrees.Value], Cosine(gOurs, gTheirs), flips, roughest, epoch);
    }

    private static ImmutableArray<double> Gradient(JkRun run, ImmutableArray<double> parameters) => run.Objective.Evaluate(parameters.AsSpan()).Gradient;

    private static double MaxGap(ImmutableArray<double> a, ImmutableArray<double> b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    private static double Cosine(ImmutableArray<double> a, ImmutableArray<double> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
