using System.Collections.Immutable;

namespace NeuronLab.Optimization.CmaEs;

/// <summary>
/// The strategy parameters of CMA-ES for dimension n and population λ, exactly as Table 1 of Hansen's tutorial
/// (arXiv:1604.00772, 2016 version, α_cov = 2, c_m = 1):
/// <code>
/// w'_i = ln((λ+1)/2) − ln i,  μ = ⌊λ/2⌋,  μ_eff = (Σ⁺w')²/Σ⁺w'²,  μ⁻_eff = (Σ⁻w')²/Σ⁻w'²
/// c_σ = (μ_eff + 2)/(n + μ_eff + 5),  d_σ = 1 + 2 max(0, √((μ_eff − 1)/(n + 1)) − 1) + c_σ
/// c_c = (4 + μ_eff/n)/(n + 4 + 2μ_eff/n),  c_1 = 2/((n + 1.3)² + μ_eff)
/// c_μ = min(1 − c_1, 2(μ_eff − 2 + 1/μ_eff)/((n + 2)² + μ_eff))
/// w_i = w'_i/Σ⁺w'  (w'_i ≥ 0),   w_i = min(1 + c_1/c_μ, 1 + 2μ⁻_eff/(μ_eff + 2), (1 − c_1 − c_μ)/(n c_μ)) · w'_i/Σ⁻|w'|  (w'_i &lt; 0)
/// </code>
/// Without the active update the negative weights are 0.
/// </summary>
public sealed record CmaEsParameters
{
    /// <summary>Dimension n.</summary>
    public int Dimension { get; }
    /// <summary>Population size λ.</summary>
    public int Lambda { get; }
    /// <summary>Parent number μ = ⌊λ/2⌋.</summary>
    public int Mu { get; }
    /// <summary>All λ recombination weights (the first μ positive, sum 1; the rest ≤ 0).</summary>
    public ImmutableArray<double> Weights { get; }
    /// <summary>Sum of all λ weights (1 without active update).</summary>
    public double WeightSum { get; }
    /// <summary>Variance-effective selection mass μ_eff.</summary>
    public double MuEff { get; }
    /// <summary>Cumulation constant of the step-size path c_σ.</summary>
    public double CSigma { get; }
    /// <summary>Step-size damping d_σ.</summary>
    public double DSigma { get; }
    /// <summary>Cumulation constant of the covariance path c_c.</summary>
    public double Cc { get; }
    /// <summary>Rank-one learning rate c_1.</summary>
    public double C1 { get; }
    /// <summary>Rank-μ learning rate c_μ.</summary>
    public double CMu { get; }
    /// <summary>E‖N(0, I)‖ ≈ √n (1 − 1/(4n) + 1/(21n²)).</summary>
    public double ChiN { get; }
    /// <summary>Evaluations between eigendecompositions: λ/(c_1 + c_μ)/n/10 (tutorial, as purecma).</summary>
    public double EigenInterval { get; }
    /// <summary>Generations of best-loss history for TolFun: 10 + ⌈30n/λ⌉ (pycma).</summary>
    public int TolFunHistory { get; }
    /// <summary>Generations of history for stagnation: 100 + ⌈100 n^1.5/λ⌉ (pycma's tolstagnation).</summary>
    public int StagnationHistory { get; }

    /// <summary>Computes the parameters.</summary>
    /// <param name="dimension">n ≥ 1.</param>
    /// <param name="populationSize">λ ≥ 2, or null for 4 + ⌊3 ln n⌋.</param>
    /// <param name="active">Whether negative weights are used.</param>
    public CmaEsParameters(int dimension, int? populationSize, bool active)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        var n = dimension;
        var lambda = populationSize ?? DefaultPopulationSize(n);
        ArgumentOutOfRangeException.ThrowIfLessThan(lambda, 2, nameof(populationSize));
        Dimension = n;
        Lambda = lambda;
        Mu = lambda / 2;

        var raw = new double[lambda];
        for (var i = 0; i < lambda; i++)
            raw[i] = Math.Log((lambda + 1) / 2.0) - Math.Log(i + 1);
        double sumPos = 0, sumPos2 = 0, sumNeg = 0, sumNeg2 = 0;
        for (var i = 0; i < lambda; i++)
        {
            if (i < Mu) { sumPos += raw[i]; sumPos2 += raw[i] * raw[i]; }
            else if (raw[i] < 0) { sumNeg += raw[i]; sumNeg2 += raw[i] * raw[i]; }
        }
        MuEff = sumPos * sumPos / sumPos2;
        var muEffNeg = sumNeg2 > 0 ? sumNeg * sumNeg / sumNeg2 : 0.0;

        CSigma = (MuEff + 2) / (n + MuEff + 5);
        DSigma = 1 + 2 * Math.Max(0, Math.Sqrt((MuEff - 1) / (n + 1)) - 1) + CSigma;
        Cc = (4 + MuEff / n) / (n + 4 + 2 * MuEff / n);
        const double AlphaCov = 2.0;
        C1 = AlphaCov / ((n + 1.3) * (n + 1.3) + MuEff);
        CMu = Math.Min(1 - C1, AlphaCov * (MuEff - 2 + 1 / MuEff) / ((n + 2) * (n + 2) + AlphaCov * MuEff / 2));

        var alphaMuNeg = 1 + C1 / CMu;
        var alphaMuEffNeg = 1 + 2 * muEffNeg / (MuEff + 2);
        var alphaPosDefNeg = (1 - C1 - CMu) / (n * CMu);
        var negScale = Math.Min(alphaMuNeg, Math.Min(alphaMuEffNeg, alphaPosDefNeg));

        var w = new double[lambda];
        var sum = 0.0;
        for (var i = 0; i < lambda; i++)
        {
            if (i < Mu) w[i] = raw[i] / sumPos;
            else if (active && raw[i] < 0) w[i] = negScale * raw[i] / -sumNeg;
            else w[i] = 0.0;
            sum += w[i];
        }
        Weights = ImmutableArray.Create(w);
        WeightSum = sum;
        ChiN = Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        EigenInterval = lambda / (C1 + CMu) / n / 10.0;
        TolFunHistory = 10 + (int)Math.Ceiling(30.0 * n / lambda);
        StagnationHistory = 100 + (int)Math.Ceiling(100.0 * Math.Pow(n, 1.5) / lambda);
    }

    /// <summary>The default population size 4 + ⌊3 ln n⌋ (8 for n = 5, 10 for n = 10, 12 for n = 20).</summary>
    public static int DefaultPopulationSize(int dimension) => 4 + (int)Math.Floor(3 * Math.Log(dimension));
}
