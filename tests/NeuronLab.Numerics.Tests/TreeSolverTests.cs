using NeuronLab.Numerics;

namespace NeuronLab.Numerics.Tests;

public sealed class TreeSolverTests
{
    /// <summary>Relative residual ‖Ax − b‖∞ / ‖b‖∞ allowed: a few hundred ulps, since Hines elimination is backward stable on these diagonally dominant systems.</summary>
    private const double ResidualTolerance = 1e-12;

    public static TheoryData<int> Sizes => [2, 3, 5, 10, 31, 100, 333, 1000];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Solve_RandomTree_ResidualBelowTolerance(int n)
    {
        var random = new Random(n);
        var (parent, offDiagonal, diagonal, rhs) = RandomSystem(random, n);
        var dense = ToDense(parent, offDiagonal, diagonal);
        var x = rhs.ToArray();
        TreeSolver.Solve(parent, offDiagonal, diagonal.ToArray(), x);
        Assert.True(RelativeResidual(dense, x, rhs) < ResidualTolerance, $"residual {RelativeResidual(dense, x, rhs)}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(400)]
    public void Solve_RandomTree_MatchesDenseGaussianElimination(int n)
    {
        var random = new Random(1000 + n);
        var (parent, offDiagonal, diagonal, rhs) = RandomSystem(random, n);
        var dense = ToDense(parent, offDiagonal, diagonal);
        var expected = DenseSolve(dense, rhs);
        var x = rhs.ToArray();
        TreeSolver.Solve(parent, offDiagonal, diagonal.ToArray(), x);
        for (var i = 0; i < n; i++)
            Assert.True(Math.Abs(x[i] - expected[i]) <= 1e-10 * (1 + Math.Abs(expected[i])), $"x[{i}] = {x[i]}, dense {expected[i]}");
    }

    [Fact]
    public void Solve_Batched_EqualsOneLaneAtATime()
    {
        const int n = 57, lanes = 5;
        var random = new Random(7);
        var (parent, offDiagonal, _, _) = RandomSystem(random, n);
        var diag = new double[n * lanes];
        var rhs = new double[n * lanes];
        for (var i = 0; i < diag.Length; i++) { diag[i] = 10 + random.NextDouble(); rhs[i] = random.NextDouble() - 0.5; }
        var batchDiag = diag.ToArray();
        var batchRhs = rhs.ToArray();
        TreeSolver.Solve(parent, offDiagonal, batchDiag, batchRhs, lanes, 1, 4);
        for (var l = 0; l < lanes; l++)
        {
            var d = Enumerable.Range(0, n).Select(i => diag[i * lanes + l]).ToArray();
            var b = Enumerable.Range(0, n).Select(i => rhs[i * lanes + l]).ToArray();
            TreeSolver.Solve(parent, offDiagonal, d, b);
            for (var i = 0; i < n; i++)
            {
                var expected = l is >= 1 and < 4 ? b[i] : rhs[i * lanes + l]; // lanes outside [1, 4) untouched
                Assert.Equal(expected, batchRhs[i * lanes + l]);
            }
        }
    }

    [Fact]
    public void Solve_ThreeNodeChain_HandComputed()
    {
        // A = [[ 3, -1,  0],
        //      [-1,  3, -1],
        //      [ 0, -1,  3]],  b = [1, 2, 3]
        // Cramer's rule: det A = 21, x = [17, 30, 31] / 21  (check row 2: −17 + 90 − 31 = 42 = 2·21).
        int[] parent = [-1, 0, 1];
        double[] off = [0, -1, -1];
        double[] diag = [3, 3, 3];
        double[] x = [1, 2, 3];
        TreeSolver.Solve(parent, off, diag, x);
        Assert.Equal(17.0 / 21, x[0], 14);
        Assert.Equal(30.0 / 21, x[1], 14);
        Assert.Equal(31.0 / 21, x[2], 14);
    }

    [Fact]
    public void ValidateHinesOrder_ParentAfterChild_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => TreeSolver.ValidateHinesOrder([-1, 2, 0]));
        Assert.Contains("parent[1] = 2", e.Message);
    }

    [Fact]
    public void Solve_WrongLengths_ThrowsWithName()
    {
        var e = Assert.Throws<ArgumentException>(() => TreeSolver.Solve([-1, 0], [0, -1], new double[3], new double[2]));
        Assert.Equal("diagonal", e.ParamName);
    }

    internal static (int[] Parent, double[] OffDiagonal, double[] Diagonal, double[] Rhs) RandomSystem(Random random, int n)
    {
        var parent = new int[n];
        var off = new double[n];
        var diag = new double[n];
        parent[0] = -1;
        for (var i = 1; i < n; i++)
        {
            parent[i] = random.Next(i);
            var g = 0.1 + random.NextDouble() * 10;
            off[i] = -g;
            diag[i] += g;
            diag[parent[i]] += g;
        }
        // Membrane terms keep the matrix strictly diagonally dominant; some nodes get none (junctions).
        for (var i = 0; i < n; i++) diag[i] += random.NextDouble() < 0.2 ? 0.0 : 0.01 + random.NextDouble();
        diag[0] += 0.5;
        var rhs = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        return (parent, off, diag, rhs);
    }

    private static double[,] ToDense(int[] parent, double[] off, double[] diag)
    {
        var n = parent.Length;
        var a = new double[n, n];
        for (var i = 0; i < n; i++) a[i, i] = diag[i];
        for (var i = 1; i < n; i++) { a[i, parent[i]] = off[i]; a[parent[i], i] = off[i]; }
        return a;
    }

    private static double RelativeResidual(double[,] a, double[] x, double[] b)
    {
        var n = x.Length;
        double worst = 0, scale = 0;
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++) sum += a[i, j] * x[j];
            worst = Math.Max(worst, Math.Abs(sum - b[i]));
            scale = Math.Max(scale, Math.Abs(b[i]));
        }
        return worst / scale;
    }

    private static double[] DenseSolve(double[,] a0, double[] b0)
    {
        var n = b0.Length;
        var a = (double[,])a0.Clone();
        var b = b0.ToArray();
        for (var k = 0; k < n; k++)
        {
            var p = k;
            for (var i = k + 1; i < n; i++) if (Math.Abs(a[i, k]) > Math.Abs(a[p, k])) p = i;
            for (var j = 0; j < n; j++) (a[k, j], a[p, j]) = (a[p, j], a[k, j]);
            (b[k], b[p]) = (b[p], b[k]);
            for (var i = k + 1; i < n; i++)
            {
                var f = a[i, k] / a[k, k];
                if (f == 0) continue;
                for (var j = k; j < n; j++) a[i, j] -= f * a[k, j];
                b[i] -= f * b[k];
            }
        }
        var x = new double[n];
        for (var k = n - 1; k >= 0; k--)
        {
            var s = b[k];
            for (var j = k + 1; j < n; j++) s -= a[k, j] * x[j];
            x[k] = s / a[k, k];
        }
        return x;
    }
}

public sealed class TreeSolverFactoredTests
{
    [Fact]
    public void FactorThenSolveFactored_EqualsSolve_ForSeveralRightHandSides()
    {
        const int n = 200, lanes = 3;
        var random = new Random(5);
        var (parent, offDiagonal, _, _) = TreeSolverTests.RandomSystem(random, n);
        var diag = Enumerable.Range(0, n * lanes).Select(_ => 20 + random.NextDouble()).ToArray();
        var pivots = diag.ToArray();
        TreeSolver.Factor(parent, offDiagonal, pivots, lanes, 0, lanes);
        for (var r = 0; r < 3; r++)
        {
            var rhs = Enumerable.Range(0, n * lanes).Select(_ => random.NextDouble() - 0.5).ToArray();
            var expected = rhs.ToArray();
            TreeSolver.Solve(parent, offDiagonal, diag.ToArray(), expected, lanes, 0, lanes);
            TreeSolver.SolveFactored(parent, offDiagonal, pivots, rhs, lanes, 0, lanes);
            for (var i = 0; i < rhs.Length; i++) Assert.Equal(expected[i], rhs[i], 12);
        }
    }
}
