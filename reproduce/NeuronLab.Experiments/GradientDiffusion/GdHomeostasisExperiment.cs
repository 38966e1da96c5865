using NeuronLab.Experiments.GradientDiffusion.Homeostasis;
using static NeuronLab.Experiments.GradientDiffusion.ExperimentFiles;

namespace NeuronLab.Experiments.GradientDiffusion;

/// <summary>
/// Landsmeer et al. 2024, homeostatic control (gradient-diffusion.md §1.6, §1.7, §5): a single <c>eighh</c> HH cell driven
/// by gain·ou⁴ learns (g_Na, g_K, gain) online so that its firing-rate estimate f reaches f_tgt, and the stability bound
/// α &lt; λ(λ + g_L/C_m) of online learning is checked three ways (formula, eigenvalues, simulation); and the 10-cell
/// network of §5 (threshold detectors, exponential synapses, 10 ms delays through the engine's <c>SpikeRouter</c>) learns
/// the same way, every cell towards the same target.
/// </summary>
public sealed partial class GdHomeostasisExperiment : IExperiment
{
    /// <summary>The firing-rate targets [Hz]: the reference's 1…5 Hz (full); quick: 3 and 5 Hz, far from the initial f ≈ 1 Hz so that the learning direction shows in a short run.</summary>
    public static readonly double[] FullTargets = [1, 2, 3, 4, 5], QuickTargets = [3, 5];

    /// <summary>dt [ms]: the reference's 0.005. Forward Euler on m is stable only for β_m·dt &lt; 2; β_m = 4e^{−V/18}
    /// reaches ≈ 290 /ms near E_K = −77 mV, so dt must stay below ≈ 0.007 ms.</summary>
    public const double Dt = 0.005;

    /// <summary>Full run: the reference's tfinal = 2·10⁶ ms with its λ, τ_f and α = 0.3·10⁻⁵.</summary>
    public const double FullDuration = 2e6;

    /// <summary>
    /// Quick run (≈ 1 min): every time scale of the learning compressed by <see cref="QuickCompression"/> (λ×c, τ_f/c, α×c, run
    /// length/c). α/α* stays the same (α* ≈ λ·g_L/C for λ ≪ g_L/C), and so does the number of forgetting times per run;
    /// the cell's own dynamics are not compressed, so f is noisier (τ_f holds fewer spikes).
    /// </summary>
    public const double QuickCompression = 4;

    /// <summary>"At the end of the run": the last quarter, 500 s of the full run, long enough that the spike-count noise of a
    /// 1 Hz rate is ≈ 1/√500 ≈ 4.5 %.</summary>
    public const double FinalWindowFraction = 0.25;

    /// <summary>The issue's claim: f within 10 % of each target.</summary>
    public const double RateTolerance = 0.10;

    /// <summary>Samples of f and θ every 1000 ms (the reference samples every 1 ms and low-passes at 0.1 Hz).</summary>
    public const int RecordEvery = 200_000;

    /// <summary>Relative agreement of the eigenvalue crossing with the Routh–Hurwitz formula: bisection to 1e-15 and a
    /// backward-stable 3×3 eigensolver leave ≈ 1e-13; 1e-9 leaves room and still tests the formula to 9 digits.</summary>
    public const double CrossingTolerance = 1e-9;

    /// <summary>λ of the simulated §1.7 check [1/ms]: 30× the reference's so that growth and decay (≈ ±3·10⁻⁴ /ms at
    /// 0.8× and 1.25× the bound) show within 12 s; λ ≪ g_L/C keeps G∞ = 0.99 close to the formula's G = 1.</summary>
    public const double SimulationForgetting = 3e-3;

    /// <summary>α of the two simulations as fractions of the bound.</summary>
    public const double BelowFactor = 0.8, AboveFactor = 1.25;

    /// <summary>Length of each §1.7 simulation [ms]: ≈ 57 periods of the learning oscillation (2π/√(λg_L/C) ≈ 210 ms)
    /// and ≈ 3.5 e-folds of the predicted envelope (|σ| ≈ 3·10⁻⁴ /ms).</summary>
    public const double SimulationDuration = 12_000;

    /// <summary>The network's targets [Hz]: the reference's <c>submit_network.sh</c> (f_tgt ∈ {1, 4}).</summary>
    public static readonly double[] NetworkTargets = [1, 4];

    /// <summary>
    /// The network's α: the single cell's 0.3·10⁻⁵ over the reference's 2·10⁶ ms, not the network script's 0.05·10⁻⁵ over
    /// 2·10⁷ ms (α·T = 6 against 10): ten learning cells for 2·10⁷ ms at dt 0.005 ms are 4·10¹⁰ cell-steps, ≈ 1.4 h per
    /// target at the ≈ 8·10⁶ cell-steps/s measured on 2 threads (the report prints the figure of its own run).
    /// </summary>
    public const double NetworkLearningRate = 0.3e-5;

    /// <summary>Quick network: learning time scales compressed 10× (as <see cref="QuickCompression"/> does for the single
    /// cell), over 1/20 of the full run (≈ 20 s per target on 2 threads).</summary>
    public const double NetworkQuickCompression = 10, NetworkQuickFraction = 1.0 / 20;

    /// <summary>Bins of the reference's network plot (per-cell rate histogram over the run).</summary>
    public const int NetworkRateBins = 30;

    public string Name => "gd-homeostasis";
    public string Description => "Gradient Diffusion homeostasis: online learning tunes an HH cell's firing rate to 1–5 Hz; stability bound α < λ(λ+gL/Cm) three ways";

    public ExperimentReport Run(ExperimentContext context)
    {
        var compression = context.Quick ? QuickCompression : 1.0;
        var targets = context.Quick ? QuickTargets : FullTargets;
        var duration = FullDuration / compression;
        var settings = targets.Select(f => new HomeostasisSettings(f,
            LearningRate: 0.3e-5 * compression, Forgetting: 1e-4 * compression, EstimatorTau: 10_000 / compression,
            Duration: duration, Dt: Dt, Seed: (ulong)context.Seed * 1000 + (ulong)f, RecordEvery: RecordEvery)).ToArray();

        context.Log($"homeostasis: {targets.Length} targets × {F(duration)} ms at dt {Dt} ms ({F(duration / Dt)} steps each)");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = new HomeostasisRun[settings.Length];
        Parallel.For(0, settings.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, context.Threads), CancellationToken = context.Cancellation },
            i => runs[i] = HomeostasisRun.Simulate(settings[i], context.Cancellation));
        var homeostasisSeconds = clock.Elapsed.TotalSeconds;
        context.Log($"homeostasis runs: {F(homeostasisSeconds)} s");

        clock.Restart();
        var networks = RunNetworks(context);
        var networkSeconds = clock.Elapsed.TotalSeconds;
        context.Log($"network runs: {F(networkSeconds)} s");

        clock.Restart();
        var stability = StabilityCheck.Run();
        var stabilitySeconds = clock.Elapsed.TotalSeconds;
        context.Log($"stability check: {F(stabilitySeconds)} s");

        var from = duration * (1 - FinalWindowFraction);
        var rates = runs.Select(r => (Target: r.Settings.TargetRate, Estimate: r.MeanFrequency(from), Spikes: r.SpikeRate(from))).ToArray();
        var rateErrors = rates.Select(r => Math.Abs(r.Estimate - r.Target) / r.Target).ToArray();
        // The first quarter after one estimator time constant (f starts at 0 and needs τ_f to read a rate).
        var firstErrors = runs.Select(r => Math.Abs(r.MeanFrequency(r.Settings.EstimatorTau, duration * FinalWindowFraction) - r.Settings.TargetRate)).ToArray();
        var bound = LearningStability.Bound(settings[0].Forgetting, EighhCell.GLeak / EighhCell.Capacitance);

        var claims = new List<Claim>
        {
            context.Quick
                ? new("gd-homeostasis.rates-approach-target",
                    $"Quick size: learning moves f towards every target (the quick run is too short to converge; the full run claims 10 %)",
                    "|f − f_tgt| over the last quarter < over the first quarter, for every target",
                    string.Join("; ", rates.Select((r, i) => $"{F(r.Target)} Hz: |f − f_tgt| {F(firstErrors[i], "F3")} → {F(Math.Abs(r.Estimate - r.Target), "F3")} Hz")),
                    rates.Select((r, i) => Math.Abs(r.Estimate - r.Target) < firstErrors[i]).All(x => x))
                : new("gd-homeostasis.rates-on-target",
                    $"The learned firing rate f (mean of the estimator over the last {F(100 * FinalWindowFraction)} % of the run) is within 10 % of each target",
                    $"|f − f_tgt|/f_tgt ≤ {F(RateTolerance)} for f_tgt = {string.Join(", ", targets)} Hz",
                    string.Join("; ", rates.Select((r, i) => $"{F(r.Target)} Hz → {F(r.Estimate, "F3")} Hz ({F(100 * rateErrors[i], "F1")} %)")),
                    rateErrors.All(e => e <= RateTolerance)),
            new("gd-homeostasis.alpha-within-bound",
                "The learning rate used satisfies the stability bound α < λ(λ + g_L/C_m) (§5: ≈ 3e-5 for λ = 1e-4)",
                $"α < {F(bound)} /ms²", $"α = {F(settings[0].LearningRate)} ({F(settings[0].LearningRate / bound, "F2")} of the bound)",
                settings[0].LearningRate < bound),
            new("gd-homeostasis.eigen-crossing",
                "The α where the largest real eigenvalue of the linearised learning system crosses 0 equals the Routh–Hurwitz bound λa(a+λ)/b",
                $"relative difference ≤ {F(CrossingTolerance)} in every case",
                string.Join("; ", stability.Crossings.Select(c => $"{c.Label}: formula {F(c.Formula, "G6")}, eigenvalues {F(c.Eigen, "G6")}")) +
                    $"; worst {F(stability.Crossings.Max(c => c.RelativeDifference), "G2")}",
                stability.Crossings.All(c => c.RelativeDifference <= CrossingTolerance)),
            new("gd-homeostasis.simulation-below-settles",
                $"Simulated at α = {F(BelowFactor)}× the bound, the learning settles (envelope of |θ − V_tgt| decays)",
                "envelope growth rate < 0",
                $"{F(stability.Below.Growth, "G3")} /ms (eigenvalues predict {F(stability.Below.Predicted, "G3")} /ms)", stability.Below.Growth < 0),
            new("gd-homeostasis.simulation-above-grows",
                $"Simulated at α = {F(AboveFactor)}× the bound, the learning oscillates with a growing envelope or diverges",
                "envelope growth rate > 0 (or the engine stops it as diverged)",
                stability.Above.Diverged ? "diverged" : $"{F(stability.Above.Growth, "G3")} /ms (eigenvalues predict {F(stability.Above.Predicted, "G3")} /ms)",
                stability.Above.Growth > 0),
        };

        claims.Add(NetworkClaim(context, networks));

        WriteOutputs(context, runs, stability);
        WriteNetworkOutputs(context, networks);
        WriteReport(context, runs, rates, stability, bound, homeostasisSeconds, stabilitySeconds, claims, networks, networkSeconds);
        return new ExperimentReport(claims, new Dictionary<string, object>
        {
            ["targets_hz"] = targets, ["estimated_rate_hz"] = rates.Select(r => r.Estimate).ToArray(), ["spike_rate_hz"] = rates.Select(r => r.Spikes).ToArray(),
            ["bound_alpha"] = bound, ["growth_below_per_ms"] = stability.Below.Growth, ["growth_above_per_ms"] = stability.Above.Growth,
            ["homeostasis_seconds"] = homeostasisSeconds, ["network_seconds"] = networkSeconds,
            ["network_final_rate_hz"] = networks.Select(n => Enumerable.Range(0, n.Settings.Cells).Select(k => n.MeanFrequency(k, NetworkFinalWindowStart(n))).ToArray()).ToArray(),
        });
    }

    /// <summary>One network run per target in <see cref="NetworkTargets"/>, with the same OU seeds and connectivity.</summary>
    private static HomeostasisNetworkRun[] RunNetworks(ExperimentContext context)
    {
        var c = context.Quick ? NetworkQuickCompression : 1.0;
        var duration = FullDuration * (context.Quick ? NetworkQuickFraction : 1.0);
        return [.. NetworkTargets.Select(f =>
        {
            var cell = new HomeostasisSettings(f, LearningRate: NetworkLearningRate * c, Forgetting: 1e-4 * c, EstimatorTau: 10_000 / c,
                Duration: duration, Dt: Dt, Seed: (ulong)context.Seed * 1000 + 100, RecordEvery: RecordEvery);
            var settings = new HomeostasisNetworkSettings(cell, ConnectivitySeed: context.Seed);
            context.Log($"network: {settings.Cells} cells, f_tgt {F(f)} Hz, {F(duration)} ms ({F(settings.Cells * cell.StepCount)} cell-steps)");
            return HomeostasisNetworkRun.Simulate(settings, context.Threads, context.Cancellation);
        })];
    }

    private static double NetworkFinalWindowStart(HomeostasisNetworkRun run) => run.Times[^1] * (1 - FinalWindowFraction);

    /// <summary>
    /// Full: every cell's f within 10 % of the target at the end. Quick (too short to converge): the targets separate —
    /// every cell ends with a higher input gain when learning towards 4 Hz than towards 1 Hz (same seeds and graph), and
    /// the network fires faster.
    /// </summary>
    private static Claim NetworkClaim(ExperimentContext context, HomeostasisNetworkRun[] networks)
    {
        if (context.Quick)
        {
            var (low, high) = (networks[0], networks[^1]);
            var gains = Enumerable.Range(0, low.Settings.Cells).Select(k => (Low: low.Parameters[k][2][^1], High: high.Parameters[k][2][^1])).ToArray();
            double Rate(HomeostasisNetworkRun n) => Enumerable.Range(0, n.Settings.Cells).Average(k => n.SpikeRate(k, NetworkFinalWindowStart(n), n.Times[^1]));
            return new Claim("gd-homeostasis.network-targets-separate",
                $"Quick size: in the 10-cell network, learning towards {F(high.Settings.Cell.TargetRate)} Hz raises every cell's input gain above its value when learning towards {F(low.Settings.Cell.TargetRate)} Hz, and the network fires faster over the last quarter (the quick run is too short to converge; the full run claims 10 %)",
                "gain(high) > gain(low) in every cell; mean spike rate(high) > (low)",
                $"gain {F(gains.Min(g => g.High), "G4")}–{F(gains.Max(g => g.High), "G4")} vs {F(gains.Min(g => g.Low), "G4")}–{F(gains.Max(g => g.Low), "G4")}; spike rate {F(Rate(high), "F2")} vs {F(Rate(low), "F2")} Hz",
                gains.All(g => g.High > g.Low) && Rate(high) > Rate(low));
        }
        var rows = networks.Select(n => (Target: n.Settings.Cell.TargetRate,
            Rates: Enumerable.Range(0, n.Settings.Cells).Select(k => n.MeanFrequency(k, NetworkFinalWindowStart(n))).ToArray())).ToArray();
        return new Claim("gd-homeostasis.network-rates-on-target",
            $"In the 10-cell network every cell's learned f (mean over the last {F(100 * FinalWindowFraction)} % of the run) is within 10 % of the target",
            $"|f − f_tgt|/f_tgt ≤ {F(RateTolerance)} for every cell, f_tgt = {string.Join(", ", NetworkTargets)} Hz",
            string.Join("; ", rows.Select(r => $"{F(r.Target)} Hz: cells {F(r.Rates.Min(), "F3")}–{F(r.Rates.Max(), "F3")} Hz (worst {F(100 * r.Rates.Max(x => Math.Abs(x - r.Target)) / r.Target, "F1")} %)")),
            rows.All(r => r.Rates.All(x => Math.Abs(x - r.Target) / r.Target <= RateTolerance)));
    }
}
