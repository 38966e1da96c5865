namespace NeuronLab.Optimization.CmaEs;

public sealed partial class CmaEs
{
    /// <summary>pycma's stop conditions, checked after each tell in this order.</summary>
    private CmaEsTermination CheckTermination(CmaEsState s)
    {
        var p = Parameters;
        var n = s.Dimension;
        if (s.LastLosses[0] <= Options.TargetLoss)
            return CmaEsTermination.TargetLoss;
        if (s.Evaluations >= Options.MaxEvaluations)
            return CmaEsTermination.MaxEvaluations;

        // tolfun: range of this generation's losses and of the recent best-per-generation history below TolFun.
        if (s.Generation >= p.TolFunHistory)
        {
            var hist = s.BestHistory.AsSpan()[^p.TolFunHistory..];
            var range = Range(hist);
            if (range < Options.TolFun && s.LastLosses[^1] - s.LastLosses[0] < Options.TolFun)
                return CmaEsTermination.TolFun;
        }

        // tolx: σ√C_ii < TolX and σ|p_c,i| < TolX for all i.
        var tolx = true;
        for (var i = 0; i < n && tolx; i++)
            tolx = s.Sigma * Math.Sqrt(s.C[i * n + i]) < Options.TolX && s.Sigma * Math.Abs(s.PathC[i]) < Options.TolX;
        if (tolx)
            return CmaEsTermination.TolX;

        double dMax = 0, dMin = double.PositiveInfinity;
        foreach (var d in s.D) { dMax = Math.Max(dMax, d); dMin = Math.Min(dMin, d); }
        if (dMax * dMax / (dMin * dMin) > Options.MaxConditionNumber)
            return CmaEsTermination.ConditionCov;

        if (!Options.StagnationChecks)
            return CmaEsTermination.None;

        // tolstagnation: over the last StagnationHistory generations, the median of the newest 20% of best and
        // median losses is not better than that of the oldest 20%.
        if (s.Generation > p.StagnationHistory && s.BestHistory.Length >= p.StagnationHistory)
        {
            var window = p.StagnationHistory;
            var k = Math.Max(1, window / 5);
            var best = s.BestHistory.AsSpan()[^window..];
            var med = s.MedianHistory.AsSpan()[^window..];
            if (Median(best[^k..]) >= Median(best[..k]) && Median(med[^k..]) >= Median(med[..k]))
                return CmaEsTermination.Stagnation;
        }

        // noeffectaxis: m + 0.1σ D_i b_i == m for the axis i = g mod n.
        var axis = s.Generation % n;
        var noEffect = true;
        for (var i = 0; i < n && noEffect; i++)
            noEffect = s.Mean[i] == s.Mean[i] + 0.1 * s.Sigma * s.D[axis] * s.B[i * n + axis];
        if (noEffect)
            return CmaEsTermination.NoEffectAxis;

        // noeffectcoord: m_i + 0.2σ√C_ii == m_i for some i.
        for (var i = 0; i < n; i++)
        {
            if (s.Mean[i] == s.Mean[i] + 0.2 * s.Sigma * Math.Sqrt(s.C[i * n + i]))
                return CmaEsTermination.NoEffectCoord;
        }
        return CmaEsTermination.None;
    }

    private static double Range(ReadOnlySpan<double> values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in values) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        return hi - lo;
    }

    private static double Median(ReadOnlySpan<double> values)
    {
        var a = values.ToArray();
        Array.Sort(a);
        var m = a.Length / 2;
        return a.Length % 2 == 1 ? a[m] : 0.5 * (a[m - 1] + a[m]);
    }
}
