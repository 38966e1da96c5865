namespace NeuronLab.Optimization.CmaEs;

/// <summary>
/// Options of one CMA-ES run. Defaults follow Hansen's tutorial (arXiv:1604.00772, Table 1) and pycma's stop
/// conditions.
/// </summary>
public sealed record CmaEsOptions
{
    /// <summary>Population size λ; null for the default 4 + ⌊3 ln n⌋.</summary>
    public int? PopulationSize { get; init; }

    /// <summary>Use the active covariance update (negative recombination weights, tutorial 2016). Default true.</summary>
    public bool ActiveCovariance { get; init; } = true;

    /// <summary>Stop when a loss ≤ this value is seen [ftarget]. Default −∞ (off).</summary>
    public double TargetLoss { get; init; } = double.NegativeInfinity;

    /// <summary>Stop after this many evaluations [maxfevals]. Default: unlimited.</summary>
    public long MaxEvaluations { get; init; } = long.MaxValue;

    /// <summary>[tolfun], default 1e-11 (as pycma).</summary>
    public double TolFun { get; init; } = 1e-11;

    /// <summary>[tolx], default 1e-11 (as pycma).</summary>
    public double TolX { get; init; } = 1e-11;

    /// <summary>Largest allowed condition number of C [conditioncov], default 1e14 (as pycma).</summary>
    public double MaxConditionNumber { get; init; } = 1e14;

    /// <summary>Check stagnation, NoEffectAxis and NoEffectCoord. Default true.</summary>
    public bool StagnationChecks { get; init; } = true;

    /// <summary>Optional box constraints handled by repair + penalty.</summary>
    public BoxBounds? Bounds { get; init; }
}
