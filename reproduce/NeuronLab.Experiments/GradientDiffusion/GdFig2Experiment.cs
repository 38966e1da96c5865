using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using NeuronLab.Interactive;
using NeuronLab.Model.Cells;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Gradients;
using NeuronLab.Simulation.Lowering;
using static NeuronLab.Experiments.GradientDiffusion.ExperimentFiles;

namespace NeuronLab.Experiments.GradientDiffusion;

/// <summary>
/// Landsmeer et al. 2024 Fig 2A–C on the inferior-olive cell (C4A, pycat units): the morphology, the somatic
/// subthreshold oscillation over 1000 ms with the reference's marked time points, and the state-sensitivity heat maps
/// at those points (gradient-diffusion.md §3, §6). Panels D, E, G, H are <see cref="GdFig2FitExperiment"/>, panel F <see cref="GdFig2fExperiment"/>.
/// </summary>
public sealed class GdFig2Experiment : IExperiment
{
    /// <summary>Simulated time [ms] (the reference's tfinal; the marked points need all of it, so quick runs it too).</summary>
    public const double Duration = 1000;

    /// <summary>The time points marked in Fig 2B and shown in Fig 2C [ms] (show_grads.py).</summary>
    public static ImmutableArray<double> MarkedTimes { get; } = [680, 695, 713, 728, 792, 837, 843];

    /// <summary>The authors' oscillation frequency, "≈ 6 Hz" [Hz].</summary>
    public const double ReferenceFrequency = 6.0;

    /// <summary>
    /// Allowed deviation from 6 Hz [Hz]. Our compartments differ from the reference's (no CV mixes soma and dendrite,
    /// §3.1); in the spec's own re-simulation that choice alone moves the period from 165 to 155 ms (0.4 Hz). 1 Hz
    /// covers that and the spec's "≈", and still fails a cell that does not oscillate at an STO frequency.
    /// </summary>
    public const double FrequencyTolerance = 1.0;

    /// <summary>Smallest peak-to-trough swing [mV] that counts as the large STO the reference shows (−72.8 … −18.6 mV).</summary>
    public const double MinimumAmplitude = 20.0;

    /// <summary>"Subthreshold": the oscillation's peaks stay below this [mV] (no action potential).</summary>
    public const double SpikeThreshold = 0.0;

    /// <summary>Samples before this time [ms] are the initial transient, left out of the period and amplitude.</summary>
    public const double Transient = 100;

    /// <summary>Heat-map rows (§6): (label, mechanism, state).</summary>
    public static ImmutableArray<(string Label, string Mechanism, string State)> StateRows { get; } =
    [
        ("ax", "io_axon", "x"), ("ah", "io_axon", "h"),
        ("sk", "io_soma", "k"), ("sl", "io_soma", "l"), ("sn", "io_soma", "n"), ("sh", "io_soma", "h"), ("sx", "io_soma", "x"),
        ("dq", "io_dend", "q"), ("ds", "io_dend", "s"), ("dr", "io_dend", "r"), ("dCa", "io_dend", "Ca"),
    ];

    /// <summary>Heat-map columns (§6).</summary>
    public static ImmutableArray<string> ParameterColumns { get; } =
        ["g_K_a", "g_Na_a", "g_la", "g_CaL", "g_Kdr_s", "g_Na_s", "g_K_s", "g_ls", "g_h", "g_K_Ca", "g_CaH", "g_ld"];

    public string Name => "gd-fig2";
    public string Description => "Gradient Diffusion Fig 2A-C: C4A inferior-olive cell (pycat units), STO and state-sensitivity heat maps";

    public ExperimentReport Run(ExperimentContext context)
    {
        var io = new IoSetup(IoSetup.C4APath());
        var lowered = io.Lowered;
        var probes = new List<Probe>(io.RootProbes());
        var rowNodes = new Dictionary<string, int[]>();
        foreach (var (label, mechanism, state) in StateRows)
        {
            var nodes = lowered.Mechanisms.Single(m => m.Mechanism.Name == mechanism).Nodes.ToArray();
            rowNodes[label] = nodes;
            foreach (var node in nodes) probes.Add(Probe.State($"{label}.{node}", Location.OnBranch(lowered.Nodes[node].Branch, MidFraction(io, node)), mechanism, state, IoSetup.SamplingPeriod));
        }
        var settings = new SimulationSettings(Duration, IoSetup.Dt, TimeScheme.BackwardEuler, [.. probes]);
        context.Log($"{lowered.CompartmentCount} compartments ({lowered.NodeCount} nodes), {probes.Count} probes; {Duration} ms with 12 forward sensitivities");
        var watch = Stopwatch.StartNew();
        var result = Differentiation.Sensitivities(lowered, settings, [io.LaneFor(Enumerable.Repeat(1.0, 12).ToArray())], IoSetup.Parameters,
            new SimulationOptions(1, context.Cancellation));
        var seconds = watch.Elapsed.TotalSeconds;
        var times = result.Recording.Traces[0].Times;
        var v = io.RootCombination(p => result.Recording[p].Values[0]);

        // Fig 2B: period and amplitude after the transient.
        var peaks = Extrema(times, v, +1);
        var troughs = Extrema(times, v, -1);
        var periods = peaks.Zip(peaks.Skip(1), (a, b) => times[b] - times[a]).ToArray();
        var period = periods.Length > 0 ? Median(periods) : double.NaN;
        var frequency = 1000 / period;
        var steady = Enumerable.Range(0, times.Length).Where(i => times[i] >= Transient).ToArray();
        var vMax = steady.Max(i => v[i]);
        var vMin = steady.Min(i => v[i]);

        // Fig 2C: d(state)/d(multiplier), averaged over the mechanism's compartments, divided by its std over time.
        var z = new double[StateRows.Length, ParameterColumns.Length][];
        for (var r = 0; r < StateRows.Length; r++)
        {
            var label = StateRows[r].Label;
            for (var c = 0; c < ParameterColumns.Length; c++)
            {
                var parameter = ParameterColumns[c];
                var scale = io.Default(parameter); // ∂/∂x_j = g_default_j · ∂/∂g_j
                var mean = new double[times.Length];
                foreach (var node in rowNodes[label])
                {
                    var s = result.Of($"{label}.{node}", parameter)[0];
                    for (var i = 0; i < mean.Length; i++) mean[i] += scale * s[i] / rowNodes[label].Length;
                }
                var sd = StandardDeviation(mean);
                z[r, c] = [.. mean.Select(x => sd > 0 ? x / sd : 0.0)];
            }
        }
        var limit = 0.0;
        foreach (var series in z) limit = Math.Max(limit, series.Max(Math.Abs));

        var claims = new List<Claim>
        {
            new("gd-fig2.sto-frequency", "The default cell oscillates subthreshold at ≈ 6 Hz (paper; [SIM] period ≈ 165 ms with pycat semantics)",
                $"{F(ReferenceFrequency)} ± {F(FrequencyTolerance)} Hz", $"{F(frequency)} Hz (median period {F(period)} ms over {periods.Length} cycles)",
                Math.Abs(frequency - ReferenceFrequency) <= FrequencyTolerance),
            new("gd-fig2.sto-subthreshold", "The oscillation is large and subthreshold ([SIM] trough −72.8, peak −18.6 mV)",
                $"peak − trough >= {F(MinimumAmplitude)} mV and peak < {F(SpikeThreshold)} mV", $"trough {F(vMin)} mV, peak {F(vMax)} mV (t >= {F(Transient)} ms)",
                vMax - vMin >= MinimumAmplitude && vMax < SpikeThreshold),
            new("gd-fig2.sensitivities-finite", "Every state sensitivity of the heat maps is finite and not identically zero over time",
                "all finite, each std > 0", $"{StateRows.Length}×{ParameterColumns.Length} series, max |normalised| {F(limit)}",
                z.Cast<double[]>().All(s => s.All(double.IsFinite)) && limit > 0),
        };

        WriteFigures(context, io, times, v, peaks, z, limit);
        WriteReport(context, io, times, v, peaks, troughs, period, vMin, vMax, seconds, claims);
        return new ExperimentReport(claims, new Dictionary<string, object>
        {
            ["period_ms"] = period, ["frequency_hz"] = frequency, ["trough_mV"] = vMin, ["peak_mV"] = vMax, ["sensitivity_run_s"] = seconds,
        });
    }

    private static double MidFraction(IoSetup io, int node)
    {
        var info = io.Lowered.Nodes[node];
        return 0.5 * (info.Start + info.End) / io.Morphology.BranchLength(info.Branch);
    }

    /// <summary>Indices of local maxima (sign +1) or minima (−1) over ±40 ms after the transient.</summary>
    private static int[] Extrema(double[] times, double[] v, int sign)
    {
        const double halfWindow = 40;
        var dt = times[1] - times[0];
        var w = (int)Math.Round(halfWindow / dt);
        var found = new List<int>();
        for (var i = w; i < v.Length - w; i++)
        {
            if (times[i] < Transient) continue;
            var best = true;
            for (var j = i - w; j <= i + w && best; j++) if (sign * v[j] > sign * v[i]) best = false;
            if (best && (found.Count == 0 || i - found[^1] > w)) found.Add(i);
        }
        return [.. found];
    }

    private static double Median(double[] x)
    {
        var s = x.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    private static double StandardDeviation(double[] x)
    {
        var mean = x.Average();
        return Math.Sqrt(x.Sum(a => (a - mean) * (a - mean)) / x.Length);
    }

    private static void WriteFigures(ExperimentContext context, IoSetup io, double[] times, double[] v, int[] peaks, double[,][] z, double limit)
    {
        // Fig 2A: x–y projection, line width by mean radius (segments grouped into width classes).
        var figA = new Figure().WithTitle("Fig 2A: C4A, x–y projection (line width ∝ radius)").WithSize(600, 600).WithLegend(false);
        foreach (var group in io.Morphology.Segments.GroupBy(s => Math.Round(Math.Clamp(0.5 * (s.Proximal.Radius + s.Distal.Radius), 0.25, 4) * 2) / 2))
        {
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (var s in group) { xs.AddRange([s.Proximal.X, s.Distal.X, double.NaN]); ys.AddRange([s.Proximal.Y, s.Distal.Y, double.NaN]); }
            figA = figA.AddLine(xs, ys, name: $"r ≈ {F(group.Key)} µm", color: "#000000", width: 1.5 * group.Key);
        }
        figA = figA.WithAxes(new Axis("x (µm)"), new Axis("y (µm)"));
        WriteFigure(context, "fig2a", figA);
        WriteCsv(context, "fig2a_segments.csv", ["x0_um", "y0_um", "z0_um", "r0_um", "x1_um", "y1_um", "z1_um", "r1_um", "tag"],
        [
            [.. io.Morphology.Segments.Select(s => s.Proximal.X)], [.. io.Morphology.Segments.Select(s => s.Proximal.Y)], [.. io.Morphology.Segments.Select(s => s.Proximal.Z)],
            [.. io.Morphology.Segments.Select(s => s.Proximal.Radius)], [.. io.Morphology.Segments.Select(s => s.Distal.X)], [.. io.Morphology.Segments.Select(s => s.Distal.Y)],
            [.. io.Morphology.Segments.Select(s => s.Distal.Z)], [.. io.Morphology.Segments.Select(s => s.Distal.Radius)], [.. io.Morphology.Segments.Select(s => (double)s.Tag)],
        ]);

        // Fig 2B: V at the root over 1000 ms, and the reference's zoom 580–943 ms with the marked points.
        var marks = MarkedTimes.Select(t => (int)Math.Round(t / (times[1] - times[0]))).ToArray();
        var figB = new Figure().WithGrid(2, 1).WithSize(700, 560).WithTitle("Fig 2B: somatic V (root node), default parameters").WithLegend(false)
            .AddLine(times, v, color: "#000000")
            .AddLine(times, v, color: "#000000", row: 2)
            .AddMarkers(marks.Select(i => times[i]), marks.Select(i => v[i]), color: "#d62728", size: 7, row: 2)
            .WithAxes(new Axis("t (ms)"), new Axis("V (mV)"))
            .WithAxes(new Axis("t (ms)", 580, 943), new Axis("V (mV)"), row: 2);
        WriteFigure(context, "fig2b", figB);
        WriteCsv(context, "fig2b_voltage.csv", ["t_ms", "v_root_mV"], [times, v]);

        // Fig 2C: one heat map per marked time, symmetric limits from the global max |value|.
        var rows = StateRows.Length;
        var columns = ParameterColumns.Length;
        var figC = new Figure().WithGrid(2, 4).WithSize(1200, 640).WithLegend(false)
            .WithTitle($"Fig 2C: d state / d x (rows {string.Join(" ", StateRows.Select(r => r.Label))}; columns {string.Join(" ", ParameterColumns)}), /std over time");
        var header = new List<string> { "t_ms", "state" };
        header.AddRange(ParameterColumns);
        var table = new StringBuilder(string.Join(",", header)).Append('\n');
        for (var k = 0; k < marks.Length; k++)
        {
            var cells = new double[rows, columns];
            for (var r = 0; r < rows; r++)
            {
                table.Append(F(MarkedTimes[k], "R")).Append(',').Append(StateRows[r].Label);
                for (var c = 0; c < columns; c++)
                {
                    cells[r, c] = z[r, c][marks[k]];
                    table.Append(',').Append(F(cells[r, c], "R"));
                }
                table.Append('\n');
            }
            var (row, column) = (k / 4 + 1, k % 4 + 1);
            figC = figC.Add(new HeatmapTrace([.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, columns).Select(c => cells[r, c]).ToImmutableArray())])
            {
                Name = $"t = {F(MarkedTimes[k])} ms", ColorScale = ColorScale.RdBu, ZMin = -limit, ZMax = limit, Subplot = new SubplotId(row, column),
            }).WithAxes(new Axis($"parameter (t = {F(MarkedTimes[k])} ms)"), new Axis("state"), row, column);
        }
        File.WriteAllText(context.PathFor("fig2c_heatmaps.csv"), table.ToString());
        WriteFigure(context, "fig2c", figC);
    }

    private static void WriteReport(ExperimentContext context, IoSetup io, double[] times, double[] v, int[] peaks, int[] troughs, double period,
        double vMin, double vMax, double seconds, List<Claim> claims)
    {
        var lowered = io.Lowered;
        var kinds = lowered.Nodes.Where(n => n.Kind == NodeKind.Compartment).GroupBy(n => n.Tag).ToDictionary(g => g.Key, g => g.Count());
        var text = new StringBuilder();
        text.Append("# gd-fig2 (panels A–C): inferior-olive cell on C4A (Landsmeer et al. 2024, Fig 2)\n\n");
        text.Append($"C4A.swc ({io.Morphology.Segments.Length} segments, {io.Morphology.Branches.Length} branches), one compartment per branch: ");
        text.Append($"{lowered.CompartmentCount} compartments ({kinds.GetValueOrDefault(1)} soma, {kinds.GetValueOrDefault(3)} dendrite, {kinds.GetValueOrDefault(2)} axon) ");
        text.Append($"and {lowered.NodeCount - lowered.CompartmentCount} zero-area junctions (root and forks). {F(Duration)} ms at dt = {IoSetup.Dt} ms, ");
        text.Append($"V sampled every {F(IoSetup.SamplingPeriod)} ms at the root. The 12-parameter forward-sensitivity run took {F(seconds, "F1")} s.\n\n");
        text.Append("## Design decisions\n\n");
        text.Append("- **Units: pycat semantics as data (§1.9).** The reference's mechanisms are arbor_pycat Python mechanisms whose current goes raw into Arbor's A/m² array ");
        text.Append("with c_m = 0.01 F/m² (= 1 µF/cm²), so a raw conductance is 0.1 S/cm². `PycatUnits.InferiorOlive` (kernels/NeuronLab.Model/Catalogue/PycatUnits.cs) ");
        text.Append("multiplies the Table 1 defaults of the 11 conductances that carry membrane current by 0.1 and keeps cm = 1 µF/cm², Ra = 100 Ω·cm. ");
        text.Append("g_CaH keeps its value: the code zeroes I_CaH in the membrane current and uses the raw current only in Ca' = −3·I_CaH − 0.075·Ca, ");
        text.Append("so scaling it would slow calcium loading 10×. (Equivalent: cm ×10, Ra ÷10 and unscaled conductances.) Parameters stay in S/cm²; ");
        text.Append("the optimiser-facing parameterisation is the reference's multipliers x with g = x·g_default, and the heat maps are ∂s/∂x = g_default·∂s/∂g.\n");
        text.Append("- **\"CV 0\".** The reference reads V at Arbor's zero-area root CV. C4A's root has six branches (five soma, one axon), so our lowering has the ");
        text.Append("same zero-area root node; its voltage after each backward-Euler step is exactly the conductance-weighted mean of its neighbours, which we record and combine.\n");
        text.Append("- **Compartments: no mixed soma+dendrite CVs (§3.1).** Arbor's default one-CV-per-branch gives 64 branch CVs, 9 of which mix soma and dendrite; ");
        text.Append("under pycat's overwrite rule such a CV carries only the soma mechanism's current, applied unweighted to the whole CV, while both mechanisms integrate states. ");
        text.Append($"Our branches end at tag changes, so those 9 CVs become separate soma and dendrite compartments ({io.Morphology.Branches.Length} branches), each with its own ");
        text.Append("mechanism over its own area: an area-weighted (physically clean) discretisation. The spec's re-simulation shows what this kind of change does: ");
        text.Append("period 165 → 155 ms and peak −18.6 → −24.9 mV for the area-weighted variant of the same CVs. The paper's \"4 axonal, 15 dendritic, 2 somatic ");
        text.Append("compartments\" cannot be reproduced from the code (§7.2).\n");
        text.Append("- **Scheme.** Backward Euler with the exact dI/dV in the matrix (Arbor's pycat path uses explicit currents); states forward Euler (METHOD euler) with the new V, as Arbor. ");
        text.Append("Our SWC reading also differs in one detail: a dendrite leaving the soma starts with its own radius, where load_swc_arbor tapers from the soma sample's radius.\n\n");
        text.Append("## Paper and reference values beside ours\n\n| quantity | paper / [SIM] | NeuronLab |\n|---|---|---|\n");
        text.Append($"| STO frequency | ≈ 6 Hz [P]; period ≈ 165 ms [SIM, pycat] / ≈ 155 ms [SIM, area-weighted] | {F(1000 / period)} Hz; median period {F(period)} ms |\n");
        text.Append($"| trough / peak | −72.8 / −18.6 mV [SIM, pycat]; peak −24.9 mV [SIM, area-weighted] | {F(vMin, "F1")} / {F(vMax, "F1")} mV (t ≥ {F(Transient)} ms) |\n");
        text.Append($"| peak times | 22, 177, 344, 512, 677, 842 ms [SIM, pycat] | {string.Join(", ", peaks.Select(i => F(times[i])))} ms |\n");
        text.Append($"| trough times | — | {string.Join(", ", troughs.Select(i => F(times[i])))} ms |\n");
        text.Append($"| V at the marked points 680 … 843 ms | one STO cycle (peaks near 677 and 842 ms [SIM]) | {string.Join(", ", MarkedTimes.Select(t => F(v[(int)Math.Round(t / IoSetup.SamplingPeriod)], "F1")))} mV |\n\n");
        text.Append("Fig 2C rows are the 11 states (axon ax, ah; soma sk, sl, sn, sh, sx; dendrite dq, ds, dr, dCa), each sensitivity averaged over the mechanism's ");
        text.Append("compartments and divided by its own standard deviation over the 1000 ms (per state and parameter, as show_grads.py); columns are the 12 conductance ");
        text.Append("multipliers in the order g_K_a, g_Na_a, g_la, g_CaL, g_Kdr_s, g_Na_s, g_K_s, g_ls, g_h, g_K_Ca, g_CaH, g_ld; colour RdBu with limits ±(global max |value|). ");
        text.Append("Because our STO period differs from the reference's, the marked times fall at a different phase of our cycle; the heat maps show our cell at those times.\n\n");
        text.Append("## Claims\n\n| id | claim | expected | measured | pass |\n|---|---|---|---|---|\n");
        foreach (var c in claims) text.Append($"| {c.Id} | {c.Statement} | {c.Expected} | {c.Measured} | {(c.Pass ? "yes" : "**no**")} |\n");
        text.Append("\n## Other panels\n\nPanels D, E, G, H (Adam vs CMA-ES on the synthetic target of §3.4) are the sibling experiments `gd-fig2-fit` ");
        text.Append("(the paper's 17 parameters) and `gd-fig2-fit-12` (the code's 12 conductances); panel F is `gd-fig2f`.\n\n");
        text.Append("Files: fig2a (morphology), fig2b (root V with the marked points), fig2c (heat maps, values in fig2c_heatmaps.csv), as .svg/.html/.plotly.json.\n");
        File.WriteAllText(context.PathFor("report.md"), text.ToString());
    }
}
