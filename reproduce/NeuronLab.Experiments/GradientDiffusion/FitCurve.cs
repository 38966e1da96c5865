using System.Collections.Immutable;
using NeuronLab.Optimization.Records;

namespace NeuronLab.Experiments.GradientDiffusion;

/// <summary>
/// One optimizer's run of Fig 2D–H read back from its records (records.jsonl): MSE = 2·L per iteration (Adam: at the
/// current point; CMA-ES: the best of the generation, as plot.py), simulations and wall time, and the fitted parameters.
/// Everything here is measured from the records, so a resumed run reports the same curve.
/// </summary>
public sealed record FitCurve(string Label, IReadOnlyList<RunRecord> Records)
{
    /// <summary>MSE per iteration [mV²] (2·L, L = mean((V − V_tgt)²)/2).</summary>
    public ImmutableArray<double> Mse => [.. Records.Select(r => 2 * r.Loss)];

    /// <summary>Cumulative simulations after each iteration.</summary>
    public ImmutableArray<double> Simulations => [.. Records.Select(r => (double)r.Simulations)];

    /// <summary>Iterations recorded.</summary>
    public int Iterations => Records.Count;

    /// <summary>The MSE of the last iteration [mV²].</summary>
    public double FinalMse => 2 * Records[^1].Loss;

    /// <summary>The point of the last iteration (Adam: the point whose loss is <see cref="FinalMse"/>; CMA-ES: the
    /// generation's best candidate).</summary>
    public ImmutableArray<double> FinalParameters => Records[^1].Parameters;

    /// <summary>Simulations per iteration, from the cumulative counts.</summary>
    public double SimulationsPerIteration => (double)Records[^1].Simulations / Records.Count;

    /// <summary>Wall time per iteration [s]: mean and standard deviation of the record-to-record differences (plot.py
    /// prints the same from file times). Iteration 0 is left out when there are others: it also pays for generating and
    /// compiling the kernels.</summary>
    public (double Mean, double Sd) SecondsPerIteration
    {
        get
        {
            var d = Records.Select((r, i) => r.WallSeconds - (i == 0 ? 0 : Records[i - 1].WallSeconds)).Skip(Records.Count > 1 ? 1 : 0).ToArray();
            var mean = d.Average();
            return (mean, Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / d.Length));
        }
    }

    /// <summary>The first iteration whose MSE is ≤ <paramref name="startMse"/> / <paramref name="factor"/>; null if none.</summary>
    public int? IterationsToReduce(double startMse, double factor)
    {
        for (var i = 0; i < Records.Count; i++)
            if (2 * Records[i].Loss <= startMse / factor) return i;
        return null;
    }
}
