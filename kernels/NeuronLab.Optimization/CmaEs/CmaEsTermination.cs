namespace NeuronLab.Optimization.CmaEs;

/// <summary>Why a CMA-ES run stopped (the names of pycma's stop conditions in brackets).</summary>
public enum CmaEsTermination
{
    /// <summary>Still running.</summary>
    None,
    /// <summary>The best loss reached the target [ftarget].</summary>
    TargetLoss,
    /// <summary>The evaluation budget is spent [maxfevals].</summary>
    MaxEvaluations,
    /// <summary>The range of recent best losses and of the current generation is below TolFun [tolfun].</summary>
    TolFun,
    /// <summary>σ·√C_ii and σ·|p_c,i| are below TolX in every coordinate [tolx].</summary>
    TolX,
    /// <summary>The condition number of C exceeds the limit [conditioncov].</summary>
    ConditionCov,
    /// <summary>The median of recent best and median losses stopped improving [tolstagnation].</summary>
    Stagnation,
    /// <summary>Adding 0.1σ along a principal axis does not change the mean [noeffectaxis].</summary>
    NoEffectAxis,
    /// <summary>Adding 0.2σ√C_ii to a coordinate does not change the mean [noeffectcoord].</summary>
    NoEffectCoord,
    /// <summary>The restart strategy used up its restarts.</summary>
    MaxRestarts,
}
