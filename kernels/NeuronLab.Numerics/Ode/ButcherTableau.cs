using System.Collections.Immutable;

namespace NeuronLab.Numerics.Ode;

/// <summary>
/// An explicit Runge–Kutta method as data: nodes <c>c</c>, the strictly lower-triangular matrix <c>a</c>, the
/// propagated weights <c>b</c>, the embedded weights <c>bHat</c> for the error estimate, and optional dense-output
/// coefficients so that <c>y(t + θh) = y + h Σᵢ kᵢ Σⱼ Dense[i][j] θ^(j+1)</c>.
/// </summary>
/// <param name="Name">Display name, e.g. <c>dopri5</c>.</param>
/// <param name="Order">Order of the propagated solution (used in the step-size update exponent 1/Order).</param>
/// <param name="EmbeddedOrder">Order of the embedded solution.</param>
/// <param name="C">Stage nodes c[s].</param>
/// <param name="A">Stage coefficients, row s holds a[s][0..s−1].</param>
/// <param name="B">Weights of the propagated solution.</param>
/// <param name="BHat">Weights of the embedded solution.</param>
/// <param name="Dense">Dense-output polynomial coefficients [stage][power−1], or empty (Hermite cubic is then used).</param>
/// <param name="FirstSameAsLast">FSAL: the last stage is evaluated at (t + h, y_{n+1}) and reused as the next step's first.</param>
public sealed record ButcherTableau(
    string Name,
    int Order,
    int EmbeddedOrder,
    ImmutableArray<double> C,
    ImmutableArray<ImmutableArray<double>> A,
    ImmutableArray<double> B,
    ImmutableArray<double> BHat,
    ImmutableArray<ImmutableArray<double>> Dense,
    bool FirstSameAsLast)
{
    /// <summary>Number of stages.</summary>
    public int Stages => C.Length;

    /// <summary>Error weights e = b − bHat.</summary>
    public ImmutableArray<double> ErrorWeights => [.. B.Select((b, i) => b - BHat[i])];

    /// <summary>
    /// Dormand &amp; Prince (1980) 5(4), FSAL, with Shampine's (1986) 4th-order continuous extension (the coefficients
    /// SciPy's RK45 uses; Hairer's DOPRI5 dense output is an equivalent 4th-order interpolant).
    /// </summary>
    public static ButcherTableau DormandPrince54 { get; } = new(
        "dopri5", 5, 4,
        [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1],
        [
            [],
            [1.0 / 5],
            [3.0 / 40, 9.0 / 40],
            [44.0 / 45, -56.0 / 15, 32.0 / 9],
            [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
            [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
            [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
        ],
        [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0],
        [5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100, 1.0 / 40],
        [
            [1, -8048581381.0 / 2820520608, 8663915743.0 / 2820520608, -12715105075.0 / 11282082432],
            [0, 0, 0, 0],
            [0, 131558114200.0 / 32700410799, -68118460800.0 / 10900136933, 87487479700.0 / 32700410799],
            [0, -1754552775.0 / 470086768, 14199869525.0 / 1410260304, -10690763975.0 / 1880347072],
            [0, 127303824393.0 / 49829197408, -318862633887.0 / 49829197408, 701980252875.0 / 199316789632],
            [0, -282668133.0 / 205662961, 2019193451.0 / 616988883, -1453857185.0 / 822651844],
            [0, 40617522.0 / 29380423, -110615467.0 / 29380423, 69997945.0 / 29380423],
        ],
        FirstSameAsLast: true);

    /// <summary>Bogacki–Shampine 3(2), FSAL, without its own dense output (Hermite cubic is used).</summary>
    public static ButcherTableau BogackiShampine32 { get; } = new(
        "bosh3", 3, 2,
        [0, 1.0 / 2, 3.0 / 4, 1],
        [[], [1.0 / 2], [0, 3.0 / 4], [2.0 / 9, 1.0 / 3, 4.0 / 9]],
        [2.0 / 9, 1.0 / 3, 4.0 / 9, 0],
        [7.0 / 24, 1.0 / 4, 1.0 / 3, 1.0 / 8],
        [],
        FirstSameAsLast: true);

    /// <summary>Checks the shape and the row-sum condition c[s] = Σ a[s][j] (to 1e-14).</summary>
    /// <exception cref="ArgumentException">The tableau is inconsistent.</exception>
    public void Validate()
    {
        var s = Stages;
        if (A.Length != s || B.Length != s || BHat.Length != s)
            throw new ArgumentException($"Tableau {Name}: c, a, b and bHat must all have {s} stages.");
        if (!Dense.IsEmpty && Dense.Length != s)
            throw new ArgumentException($"Tableau {Name}: dense output needs one row per stage.");
        for (var i = 0; i < s; i++)
        {
            if (A[i].Length != i) throw new ArgumentException($"Tableau {Name}: row {i} of a must have {i} entries (explicit method).");
            if (Math.Abs(A[i].Sum() - C[i]) > 1e-14) throw new ArgumentException($"Tableau {Name}: row {i} of a does not sum to c[{i}].");
        }
        if (FirstSameAsLast)
        {
            if (C[s - 1] != 1) throw new ArgumentException($"Tableau {Name}: FSAL needs c[last] = 1.");
            for (var j = 0; j < s - 1; j++)
                if (A[s - 1][j] != B[j]) throw new ArgumentException($"Tableau {Name}: FSAL needs the last row of a to equal b.");
        }
    }
}
