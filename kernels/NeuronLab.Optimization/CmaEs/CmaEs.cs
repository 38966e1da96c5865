using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;
using NeuronLab.Optimization.Objectives;
using NeuronLab.Optimization.Random;

namespace NeuronLab.Optimization.CmaEs;

/// <summary>
/// CMA-ES (Hansen, <i>The CMA Evolution Strategy: A Tutorial</i>, arXiv:1604.00772, 2016) with weighted
/// recombination, cumulative step-size adaptation, rank-one and rank-μ updates, the active (negative-weight)
/// covariance update, a lazy eigendecomposition (MathNet.Numerics), repair+penalty box handling and pycma's stop
/// conditions. Stateless: configuration lives here, everything that changes lives in <see cref="CmaEsState"/>.
/// </summary>
/// <example>
/// <code>
/// var cma = new CmaEs(n, new CmaEsOptions { TargetLoss = 1e-8 });
/// var state = cma.Init(x0, sigma0: 0.5, seed: 1);
/// while (!cma.IsDone(state))
/// {
///     (state, var xs) = cma.Ask(state);
///     var f = xs.Select(x => Sphere(x)).ToArray();   // or one batched evaluation
///     state = cma.Tell(state, f);
/// }
/// </code>
/// </example>
public sealed partial class CmaEs : IAskTellOptimizer<CmaEsState>
{
    /// <summary>Creates an optimizer for dimension <paramref name="dimension"/>.</summary>
    public CmaEs(int dimension, CmaEsOptions? options = null)
    {
        Options = options ?? new CmaEsOptions();
        Parameters = new CmaEsParameters(dimension, Options.PopulationSize, Options.ActiveCovariance);
    }

    /// <summary>The run's options.</summary>
    public CmaEsOptions Options { get; }

    /// <summary>The strategy parameters derived from n and λ.</summary>
    public CmaEsParameters Parameters { get; }

    /// <summary>The initial state: m = x0, σ = σ0, C = B = I, D = 1, zero paths.</summary>
    /// <param name="x0">Initial mean.</param>
    /// <param name="sigma0">Initial step size (&gt; 0), about a quarter to a third of the search range.</param>
    /// <param name="seed">Seed of the sampling generator.</param>
    public CmaEsState Init(ReadOnlySpan<double> x0, double sigma0, ulong seed)
    {
        var n = Parameters.Dimension;
        if (x0.Length != n)
            throw new ArgumentException($"x0 has {x0.Length} entries, expected {n}.", nameof(x0));
        if (!(sigma0 > 0) || !double.IsFinite(sigma0))
            throw new ArgumentOutOfRangeException(nameof(sigma0), sigma0, "Must be > 0 and finite.");
        var identity = new double[n * n];
        for (var i = 0; i < n; i++)
            identity[i * n + i] = 1.0;
        var ones = new double[n];
        Array.Fill(ones, 1.0);
        var zeros = ImmutableArray.Create(new double[n]);
        return new CmaEsState(n, Parameters.Lambda, ImmutableArray.Create(x0.ToArray()), sigma0,
            ImmutableArray.Create(identity), ImmutableArray.Create(identity), ImmutableArray.Create(ones),
            zeros, zeros, 0, 0, 0, RngState.FromSeed(seed), double.PositiveInfinity, ImmutableArray.Create(x0.ToArray()),
            [], [], [], [], CmaEsTermination.None);
    }

    /// <summary>
    /// Samples λ candidates x_k = m + σ B D z_k, z_k ~ N(0, I). With <see cref="CmaEsOptions.Bounds"/> the returned
    /// candidates are the repaired (clipped) points; the state keeps the unrepaired steps.
    /// </summary>
    public (CmaEsState State, ImmutableArray<ImmutableArray<double>> Candidates) Ask(CmaEsState state)
    {
        CheckState(state);
        if (!state.PendingY.IsEmpty)
            throw new InvalidOperationException("Ask was called twice without Tell.");
        var n = state.Dimension;
        var lambda = Parameters.Lambda;
        var rng = new Xoshiro256StarStar(state.Rng);
        var z = new double[n];
        var ys = ImmutableArray.CreateBuilder<ImmutableArray<double>>(lambda);
        var xs = ImmutableArray.CreateBuilder<ImmutableArray<double>>(lambda);
        for (var k = 0; k < lambda; k++)
        {
            rng.FillStandardNormal(z);
            var y = new double[n];
            for (var i = 0; i < n; i++)
            {
                var s = 0.0;
                for (var j = 0; j < n; j++)
                    s += state.B[i * n + j] * state.D[j] * z[j];
                y[i] = s;
            }
            var x = new double[n];
            for (var i = 0; i < n; i++)
                x[i] = state.Mean[i] + state.Sigma * y[i];
            Options.Bounds?.Repair(x, x);
            ys.Add(ImmutableCollectionsMarshal.AsImmutableArray(y));
            xs.Add(ImmutableCollectionsMarshal.AsImmutableArray(x));
        }
        return (state with { Rng = rng.State, PendingY = ys.MoveToImmutable() }, xs.MoveToImmutable());
    }

    /// <summary>
    /// Updates mean, paths, C and σ from the losses of the asked population (tutorial eqs. 41–47 with the active
    /// update), then checks the stop conditions.
    /// </summary>
    /// <param name="state">The state returned by <see cref="Ask"/>.</param>
    /// <param name="losses">f of each candidate, in the order asked; NaN counts as +∞.</param>
    public CmaEsState Tell(CmaEsState state, ReadOnlySpan<double> losses)
    {
        CheckState(state);
        var p = Parameters;
        var n = state.Dimension;
        var lambda = p.Lambda;
        if (state.PendingY.Length != lambda)
            throw new InvalidOperationException("Tell needs a preceding Ask.");
        if (losses.Length != lambda)
            throw new ArgumentException($"Expected {lambda} losses, got {losses.Length}.", nameof(losses));

        // Losses used for ranking (penalised when bounds are active) and the feasible candidate of each.
        var ranked = new double[lambda];
        var feasible = new double[lambda][];
        var bestIndex = -1;
        for (var k = 0; k < lambda; k++)
        {
            var f = double.IsNaN(losses[k]) ? double.PositiveInfinity : losses[k];
            var x = new double[n];
            for (var i = 0; i < n; i++)
                x[i] = state.Mean[i] + state.Sigma * state.PendingY[k][i];
            var penalty = 0.0;
            if (Options.Bounds is { } bounds)
                penalty = bounds.PenaltyWeight * bounds.Repair(x, x);
            feasible[k] = x;
            ranked[k] = f + penalty;
            if (bestIndex < 0 || f < (double.IsNaN(losses[bestIndex]) ? double.PositiveInfinity : losses[bestIndex]))
                bestIndex = k;
        }
        var order = new int[lambda];
        for (var k = 0; k < lambda; k++) order[k] = k;
        Array.Sort(order, (a, b) => ranked[a] != ranked[b] ? ranked[a].CompareTo(ranked[b]) : a.CompareTo(b));
        var genBest = double.IsNaN(losses[bestIndex]) ? double.PositiveInfinity : losses[bestIndex];

        // Weighted recombination: <y>_w = Σ_{i≤μ} w_i y_{i:λ},  m ← m + σ <y>_w  (c_m = 1).
        var yw = new double[n];
        for (var i = 0; i < p.Mu; i++)
        {
            var y = state.PendingY[order[i]];
            var w = p.Weights[i];
            for (var j = 0; j < n; j++) yw[j] += w * y[j];
        }
        var mean = new double[n];
        for (var j = 0; j < n; j++) mean[j] = state.Mean[j] + state.Sigma * yw[j];

        // p_σ ← (1 − c_σ) p_σ + √(c_σ(2 − c_σ)μ_eff) C^{-1/2} <y>_w
        var cInvSqrtYw = new double[n];
        InverseSqrtTimes(state, yw, cInvSqrtYw);
        var ps = new double[n];
        var csn = Math.Sqrt(p.CSigma * (2 - p.CSigma) * p.MuEff);
        var psNorm2 = 0.0;
        for (var j = 0; j < n; j++)
        {
            ps[j] = (1 - p.CSigma) * state.PathSigma[j] + csn * cInvSqrtYw[j];
            psNorm2 += ps[j] * ps[j];
        }
        var psNorm = Math.Sqrt(psNorm2);

        // h_σ = 1 if ‖p_σ‖/√(1 − (1 − c_σ)^{2(g+1)}) < (1.4 + 2/(n + 1)) E‖N(0, I)‖
        var g1 = state.Generation + 1;
        var hSigma = psNorm / Math.Sqrt(1 - Math.Pow(1 - p.CSigma, 2.0 * g1)) < (1.4 + 2.0 / (n + 1)) * p.ChiN ? 1.0 : 0.0;

        // p_c ← (1 − c_c) p_c + h_σ √(c_c(2 − c_c)μ_eff) <y>_w
        var pc = new double[n];
        var ccn = hSigma * Math.Sqrt(p.Cc * (2 - p.Cc) * p.MuEff);
        for (var j = 0; j < n; j++)
            pc[j] = (1 - p.Cc) * state.PathC[j] + ccn * yw[j];

        // C ← (1 + c_1 δ(h_σ) − c_1 − c_μ Σw_j) C + c_1 p_c p_cᵀ + c_μ Σ_i w°_i y_{i:λ} y_{i:λ}ᵀ,
        // w°_i = w_i (w_i ≥ 0) or w_i · n/‖C^{-1/2} y_{i:λ}‖² (w_i < 0);  δ(h_σ) = (1 − h_σ) c_c (2 − c_c).
        var delta = (1 - hSigma) * p.Cc * (2 - p.Cc);
        var decay = 1 + p.C1 * delta - p.C1 - p.CMu * p.WeightSum;
        var c = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = i; j < n; j++)
                c[i * n + j] = decay * state.C[i * n + j] + p.C1 * pc[i] * pc[j];
        var tmp = new double[n];
        for (var r = 0; r < lambda; r++)
        {
            var w = p.Weights[r];
            if (w == 0) continue;
            var y = state.PendingY[order[r]];
            if (w < 0)
            {
                InverseSqrtTimes(state, y.AsSpan(), tmp);
                var norm2 = 0.0;
                for (var j = 0; j < n; j++) norm2 += tmp[j] * tmp[j];
                w *= n / norm2;
            }
            var cw = p.CMu * w;
            for (var i = 0; i < n; i++)
            {
                var cwy = cw * y[i];
                for (var j = i; j < n; j++)
                    c[i * n + j] += cwy * y[j];
            }
        }
        for (var i = 0; i < n; i++)
            for (var j = 0; j < i; j++)
                c[i * n + j] = c[j * n + i];

        // σ ← σ exp(min(1, (c_σ/d_σ)(‖p_σ‖/E‖N(0,I)‖ − 1)))   (the cap at 1 is pycma's safeguard)
        var sigma = state.Sigma * Math.Exp(Math.Min(1.0, p.CSigma / p.DSigma * (psNorm / p.ChiN - 1)));

        var evaluations = state.Evaluations + lambda;
        var b = state.B;
        var d = state.D;
        var eigenEvaluations = state.EigenEvaluations;
        if (evaluations - state.EigenEvaluations > p.EigenInterval)
        {
            (b, d) = Eigen(c, n);
            eigenEvaluations = evaluations;
        }

        var sortedLosses = new double[lambda];
        for (var k = 0; k < lambda; k++)
            sortedLosses[k] = double.IsNaN(losses[order[k]]) ? double.PositiveInfinity : losses[order[k]];
        var median = lambda % 2 == 1 ? sortedLosses[lambda / 2] : 0.5 * (sortedLosses[lambda / 2 - 1] + sortedLosses[lambda / 2]);
        var historyLength = Math.Max(p.TolFunHistory, p.StagnationHistory);

        var best = genBest < state.BestLoss
            ? (genBest, ImmutableCollectionsMarshal.AsImmutableArray(feasible[bestIndex]))
            : (state.BestLoss, state.BestParameters);

        var next = state with
        {
            Mean = ImmutableCollectionsMarshal.AsImmutableArray(mean),
            Sigma = sigma,
            C = ImmutableCollectionsMarshal.AsImmutableArray(c),
            B = b,
            D = d,
            PathSigma = ImmutableCollectionsMarshal.AsImmutableArray(ps),
            PathC = ImmutableCollectionsMarshal.AsImmutableArray(pc),
            Generation = g1,
            Evaluations = evaluations,
            EigenEvaluations = eigenEvaluations,
            BestLoss = best.Item1,
            BestParameters = best.Item2,
            BestHistory = Append(state.BestHistory, genBest, historyLength),
            MedianHistory = Append(state.MedianHistory, median, historyLength),
            LastLosses = ImmutableCollectionsMarshal.AsImmutableArray(sortedLosses),
            PendingY = [],
        };
        return next with { Termination = CheckTermination(next) };
    }

    /// <inheritdoc />
    public bool IsDone(CmaEsState state) => state.Termination != CmaEsTermination.None;

    /// <inheritdoc />
    public double BestLoss(CmaEsState state) => state.BestLoss;

    /// <inheritdoc />
    public ImmutableArray<double> BestParameters(CmaEsState state) => state.BestParameters;

    /// <inheritdoc />
    public long Evaluations(CmaEsState state) => state.Evaluations;

    private void CheckState(CmaEsState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Dimension != Parameters.Dimension || state.PopulationSize != Parameters.Lambda)
            throw new ArgumentException(
                $"State is for n = {state.Dimension}, λ = {state.PopulationSize}; optimizer is for n = {Parameters.Dimension}, λ = {Parameters.Lambda}.",
                nameof(state));
    }

    /// <summary>destination = C^{-1/2} v = B D⁻¹ Bᵀ v with the last decomposition.</summary>
    private static void InverseSqrtTimes(CmaEsState state, ReadOnlySpan<double> v, Span<double> destination)
    {
        var n = state.Dimension;
        Span<double> t = n <= 256 ? stackalloc double[n] : new double[n];
        for (var j = 0; j < n; j++)
        {
            var s = 0.0;
            for (var i = 0; i < n; i++) s += state.B[i * n + j] * v[i];
            t[j] = s / state.D[j];
        }
        for (var i = 0; i < n; i++)
        {
            var s = 0.0;
            for (var j = 0; j < n; j++) s += state.B[i * n + j] * t[j];
            destination[i] = s;
        }
    }

    /// <summary>Symmetric eigendecomposition C = B diag(D²) Bᵀ by MathNet (managed provider, deterministic).</summary>
    private static (ImmutableArray<double> B, ImmutableArray<double> D) Eigen(double[] c, int n)
    {
        var matrix = Matrix<double>.Build.Dense(n, n, (i, j) => c[i * n + j]);
        var evd = matrix.Evd(Symmetricity.Symmetric);
        var b = new double[n * n];
        var d = new double[n];
        for (var j = 0; j < n; j++)
        {
            // Eigenvalues of a symmetric positive-definite C are positive; a round-off negative one is floored.
            d[j] = Math.Sqrt(Math.Max(evd.EigenValues[j].Real, 1e-300));
            for (var i = 0; i < n; i++)
                b[i * n + j] = evd.EigenVectors[i, j];
        }
        return (ImmutableCollectionsMarshal.AsImmutableArray(b), ImmutableCollectionsMarshal.AsImmutableArray(d));
    }

    private static ImmutableArray<double> Append(ImmutableArray<double> history, double value, int maxLength)
    {
        var start = Math.Max(0, history.Length + 1 - maxLength);
        var result = new double[history.Length + 1 - start];
        for (var i = start; i < history.Length; i++) result[i - start] = history[i];
        result[^1] = value;
        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }
}
