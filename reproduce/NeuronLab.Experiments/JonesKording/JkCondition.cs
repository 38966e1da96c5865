using System.Collections.Immutable;

namespace NeuronLab.Experiments.JonesKording;

/// <summary>
/// One stimulation × recording condition of Jones &amp; Kording's Fig. 3/4 (jones-kording.md §5): which compartments the
/// fitted model is stimulated at and recorded from (null = all six), and the reference row of the paper's table.
/// </summary>
/// <param name="Stimulated">Compartments receiving their current (others zeroed); null = all.</param>
/// <param name="Recorded">Compartments with targets; null = all.</param>
/// <param name="Paper">The paper's table row (reference column only).</param>
public sealed record JkCondition(ImmutableArray<int>? Stimulated, ImmutableArray<int>? Recorded, JkPaperRow Paper)
{
    /// <summary>"All|All", "All|[0,1,5]", "[0]|All", ….</summary>
    public string Label => $"{Sites(Stimulated)}|{Sites(Recorded)}";

    /// <summary>File-safe id: "stim_all_rec_0_1_5".</summary>
    public string Id => $"stim_{Ids(Stimulated)}_rec_{Ids(Recorded)}";

    /// <summary>The authors' run file in data/jones-kording/paper-runs (they write the distal compartment as −1).</summary>
    public string PaperRunFile => $"stim_{PaperIds(Stimulated)}_rec_{PaperIds(Recorded)}.csv";

    /// <summary>Recorded compartments: the normalised loss divides by this (jones-kording.md §4).</summary>
    public int RecordedCount => Recorded?.Length ?? JkSetup.Compartments;

    private static string Sites(ImmutableArray<int>? c) => c is { } a ? "[" + string.Join(",", a) + "]" : "All";
    private static string Ids(ImmutableArray<int>? c) => c is { } a ? string.Join("_", a) : "all";
    private static string PaperIds(ImmutableArray<int>? c) => c is { } a ? string.Join("_", a.Select(i => i == JkSetup.Compartments - 1 ? -1 : i)) : "all";

    /// <summary>The nine conditions in the paper's table order (§5): All|All, limited recording, then limited stimulation.</summary>
    public static ImmutableArray<JkCondition> All { get; } =
    [
        new(null, null, new(34.256, 0.006, 5.709, 0.001, 16.58, 0.318, 7.382, 0.207, "4:38:21", 83.9, [74, 104, 163])),
        new(null, [0, 1, 5], new(21.396, 0.008, 7.132, 0.003, 16.747, 1.196, 7.215, 0.820, "4:36:26", 83.3, [66, 81, 142])),
        new(null, [0, 5], new(14.431, 0.012, 7.215, 0.006, 16.747, 2.266, 7.215, 1.681, "4:39:56", 84.4, [55, 74, 125])),
        new(null, [0, 1], new(13.640, 0.004, 6.820, 0.002, 16.747, 3.128, 7.215, 2.113, "4:41:33", 84.9, [49, 60, 97])),
        new(null, [0], new(6.674, 0.011, 6.674, 0.011, 16.747, 4.821, 7.215, 3.546, "4:40:23", 84.5, [41, 53, 68])),
        new([0, 1, 5], null, new(278.53, 8.631, 46.42, 1.439, 16.914, 5.513, 7.215, 3.814, "4:18:47", 78.0, null)),
        new([0, 5], null, new(284.37, 4.489, 47.39, 0.748, 16.914, 9.844, 7.215, 4.342, "4:57:49", 90.1, null)),
        new([0, 1], null, new(315.12, 23.878, 52.52, 3.980, 16.914, 9.748, 7.215, 4.272, "8:23:16", 151.8, null)),
        new([0], null, new(301.03, 159.24, 50.17, 26.54, 16.747, 15.605, 7.548, 9.189, "7:58:22", null, null)),
    ];
}

/// <summary>A row of the paper's results table (jones-kording.md §5), used only as the reference column.</summary>
/// <param name="EarlyStopping">Epochs for Δ = 0.01 / 0.005 / 0.001; null where the loss still moved more than Δ at epoch 198.</param>
public sealed record JkPaperRow(double Loss0, double Loss199, double NormalisedLoss0, double NormalisedLoss199,
    double SodiumError0, double SodiumError199, double PotassiumError0, double PotassiumError199, string WallTime, double? SecondsPerEpoch,
    ImmutableArray<int>? EarlyStopping);
