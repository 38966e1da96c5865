using BenchmarkDotNet.Attributes;
using NeuronLab.Numerics;

namespace NeuronLab.Benchmarks;

/// <summary>Batched Hines solve of a cable (Lanes = 1: the single-lane loop; otherwise Vector256 over lanes with a scalar tail).</summary>
[MemoryDiagnoser]
public class TreeSolverBenchmarks
{
    private int[] _parent = null!;
    private double[] _offDiagonal = null!;
    private double[] _diagonal = null!;
    private double[] _diagonalWork = null!;
    private double[] _rhs = null!;

    [Params(101, 1001)]
    public int Nodes { get; set; }

    [Params(1, 8, 64, 256)]
    public int Lanes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _parent = [.. Enumerable.Range(-1, Nodes)];
        _offDiagonal = [.. Enumerable.Repeat(-1.0, Nodes)];
        _diagonal = [.. Enumerable.Repeat(4.0, Nodes * Lanes)];
        _diagonalWork = new double[Nodes * Lanes];
        _rhs = [.. Enumerable.Repeat(1.0, Nodes * Lanes)];
    }

    [Benchmark]
    public void Solve()
    {
        Array.Copy(_diagonal, _diagonalWork, _diagonal.Length);
        TreeSolver.Solve(_parent, _offDiagonal, _diagonalWork, _rhs, Lanes, 0, Lanes);
    }
}
