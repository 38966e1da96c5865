using System.Collections.Immutable;
using NeuronLab.Optimization.Random;

namespace NeuronLab.Optimization.CmaEs;

/// <summary>
/// The complete state of a CMA-ES run (tutorial notation). Matrices are n×n, row-major. Serializing this record
/// (with round-trip doubles) and continuing from it reproduces the run bit for bit.
/// </summary>
/// <param name="Dimension">n.</param>
/// <param name="PopulationSize">λ.</param>
/// <param name="Mean">Distribution mean m.</param>
/// <param name="Sigma">Step size σ.</param>
/// <param name="C">Covariance matrix C (row-major, symmetric).</param>
/// <param name="B">Eigenvectors of C as columns (row-major), from the last decomposition.</param>
/// <param name="D">Square roots of the eigenvalues of C, from the last decomposition.</param>
/// <param name="PathSigma">Conjugate evolution path p_σ.</param>
/// <param name="PathC">Evolution path p_c.</param>
/// <param name="Generation">Generations completed (tells).</param>
/// <param name="Evaluations">Objective evaluations told.</param>
/// <param name="EigenEvaluations">Value of <paramref name="Evaluations"/> at the last eigendecomposition.</param>
/// <param name="Rng">Generator state for the next sample.</param>
/// <param name="BestLoss">Best loss seen (+∞ before the first tell).</param>
/// <param name="BestParameters">The (repaired) candidate that gave <paramref name="BestLoss"/>.</param>
/// <param name="BestHistory">Best loss of each recent generation (newest last; for TolFun and stagnation).</param>
/// <param name="MedianHistory">Median loss of each recent generation (newest last; for stagnation).</param>
/// <param name="LastLosses">The sorted losses of the last generation.</param>
/// <param name="PendingY">The steps y_k = (x_k − m)/σ of the population asked and not yet told (empty otherwise).</param>
/// <param name="Termination">Why the run stopped, or <see cref="CmaEsTermination.None"/>.</param>
public sealed record CmaEsState(
    int Dimension,
    int PopulationSize,
    ImmutableArray<double> Mean,
    double Sigma,
    ImmutableArray<double> C,
    ImmutableArray<double> B,
    ImmutableArray<double> D,
    ImmutableArray<double> PathSigma,
    ImmutableArray<double> PathC,
    int Generation,
    long Evaluations,
    long EigenEvaluations,
    RngState Rng,
    double BestLoss,
    ImmutableArray<double> BestParameters,
    ImmutableArray<double> BestHistory,
    ImmutableArray<double> MedianHistory,
    ImmutableArray<double> LastLosses,
    ImmutableArray<ImmutableArray<double>> PendingY,
    CmaEsTermination Termination);
