using System.Collections.Immutable;
using System.Globalization;
using NeuronLab.Fitting;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation.Ode;

namespace NeuronLab.Experiments.JonesKording;

/// <summary>
/// The Jones &amp; Kording fitting problem (jones-kording.md §1–4) as a <see cref="FittingProblem"/>: the 6-compartment cell on
/// the ODE path (DP5, rtol = atol = 1e-8), 12 conductances fitted in mS/cm², the authors' 100 stimuli, the paper's loss
/// (mean over all 100 × 6 × 48 entries), and sites per condition. Targets are simulated from the §2.2 ground truth with
/// the condition's stimulation (under full stimulation they agree with the authors' stored targets to 0.01 mV;
/// JonesKordingDataTests).
/// </summary>
public static class JkSetup
{
    /// <summary>Compartments of the chain.</summary>
    public const int Compartments = JonesKordingCell.Compartments;

    /// <summary>The paper's Adam learning rate (§4).</summary>
    public const double LearningRate = 0.5;

    /// <summary>The paper's epochs (§4).</summary>
    public const int Epochs = 200;

    /// <summary>Post-hoc early-stopping thresholds on the raw loss (§4).</summary>
    public static ImmutableArray<double> EarlyStoppingDeltas { get; } = [0.01, 0.005, 0.001];

    /// <summary>Ground truth in optimizer units (mS/cm²), gNa0…5 then gK0…5 (§2.2).</summary>
    public static ImmutableArray<double> Truth { get; } = [.. JonesKordingCell.GroundTruthSodium, .. JonesKordingCell.GroundTruthPotassium];

    /// <summary>The homogeneous start gNa = 100, gK = 45 (§2.3).</summary>
    public static ImmutableArray<double> Start { get; } =
        [.. JonesKordingCell.Uniform(JonesKordingCell.DefaultSodium), .. JonesKordingCell.Uniform(JonesKordingCell.DefaultPotassium)];

    /// <summary>Indices of gNa and of gK in the parameter vector.</summary>
    public static IEnumerable<int> SodiumIndices => Enumerable.Range(0, Compartments);
    public static IEnumerable<int> PotassiumIndices => Enumerable.Range(Compartments, Compartments);

    /// <summary>The authors' stimuli [sample][compartment][bin] in µA/cm² (stimuli_all.csv).</summary>
    public static double[][][] ReadStimuli() => ReadPerCompartment(ExperimentContext.SharedData("jones-kording", "stimuli_all.csv"), JonesKordingCell.Bins);

    /// <summary>The problem for one condition over the first <paramref name="stimuli"/> samples.</summary>
    public static FittingProblem Problem(JkCondition condition, double[][][] stimuli)
    {
        var clamps = stimuli.Select(s => JonesKordingCell.Stimuli(s.Select(c => (IReadOnlyList<double>)c).ToArray())).ToImmutableArray();
        return new FittingProblem(JonesKordingCell.Lower(), new OdePath(JonesKordingCell.Settings()),
            [.. JonesKordingCell.ParameterNames.Select(n => new FitParameter(n, JonesKordingCell.PaperConductanceUnit))],
            clamps, FitLoss.MeanOverAllEntries)
        {
            Stimulation = condition.Stimulated is { } s ? SiteSelection.Only(s.Select(i => $"I{i}")) : SiteSelection.All,
            Recording = condition.Recorded is { } r ? SiteSelection.Only(r.Select(i => $"v{i}")) : SiteSelection.All,
        };
    }

    /// <summary>The authors' per-epoch log of one condition (paper-runs/*.csv): loss before step e, parameters after it.</summary>
    public static JkLog ReadPaperRun(JkCondition condition)
    {
        var rows = File.ReadLines(ExperimentContext.SharedData("jones-kording", "paper-runs", condition.PaperRunFile)).Skip(1)
            .Select(l => l.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToList();
        return new JkLog([.. rows.Select(r => r[1])], [.. rows.Select(r => r[2..14].ToImmutableArray())]);
    }

    private static double[][][] ReadPerCompartment(string path, int columns)
    {
        var rows = File.ReadLines(path).Skip(1)
            .Select(line => line.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToList();
        var samples = rows.Max(r => (int)r[0]) + 1;
        var data = new double[samples][][];
        for (var s = 0; s < samples; s++) data[s] = new double[Compartments][];
        foreach (var r in rows) data[(int)r[0]][(int)r[1]] = r[2..(2 + columns)];
        return data;
    }
}

/// <summary>
/// A per-epoch log as the paper keeps it (§4): <see cref="Loss"/>[e] evaluated before step e, <see cref="Parameters"/>[e]
/// after step e (mS/cm², gNa0…5 then gK0…5).
/// </summary>
public sealed record JkLog(ImmutableArray<double> Loss, ImmutableArray<ImmutableArray<double>> Parameters)
{
    public int Epochs => Loss.Length;

    /// <summary>Mean |gNa − gNa_GT| per epoch [mS/cm²].</summary>
    public double[] SodiumError => [.. Parameters.Select(p => GroundTruth.MeanAbsoluteError(p, JkSetup.Truth, JkSetup.SodiumIndices))];

    /// <summary>Mean |gK − gK_GT| per epoch [mS/cm²].</summary>
    public double[] PotassiumError => [.. Parameters.Select(p => GroundTruth.MeanAbsoluteError(p, JkSetup.Truth, JkSetup.PotassiumIndices))];

    /// <summary>Loss / recorded compartments.</summary>
    public double[] Normalised(int recorded) => [.. Loss.Select(l => l / recorded)];

    /// <summary>L[e+1] − L[e] for e = 0…E−2.</summary>
    public double[] Change => [.. Loss.Zip(Loss.Skip(1), (a, b) => b - a)];

    /// <summary>Post-hoc early-stopping epoch for Δ: the last e with |L[e+1] − L[e]| &gt; Δ; null if none.</summary>
    public int? EarlyStoppingEpoch(double delta)
    {
        var change = Change;
        for (var e = change.Length - 1; e >= 0; e--)
            if (Math.Abs(change[e]) > delta) return e;
        return null;
    }
}
