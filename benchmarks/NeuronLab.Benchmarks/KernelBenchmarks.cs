using BenchmarkDotNet.Attributes;
using NeuronLab.Model.Catalogue;
using NeuronLab.Simulation.Kernels;

namespace NeuronLab.Benchmarks;

/// <summary>
/// One call of a generated mechanism kernel over 101 instances × <see cref="Lanes"/> lanes ([row][lane] arrays, as
/// the simulator lays them out). Lanes = 1 runs the across-instances SIMD path, larger batches the across-lanes path.
/// Divide by 101·Lanes for the cost per compartment.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int Instances = 101;
    private MechanismKernel _kernel = null!;
    private KernelArguments _arguments = null!;
    private double[][] _initialStates = null!;

    [Params("hh", "io_soma")]
    public string Mechanism { get; set; } = "hh";

    [Params(1, 8, 64, 256)]
    public int Lanes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var m = MechanismCatalogue.Get(Mechanism);
        _kernel = KernelCompiler.For(m);
        var random = new Random(1);
        double[] Fill(Func<double> f) { var a = new double[Instances * Lanes]; for (var i = 0; i < a.Length; i++) a[i] = f(); return a; }
        _initialStates = [.. m.States.Select(_ => Fill(random.NextDouble))];
        _arguments = new KernelArguments
        {
            Lanes = Lanes, LaneStart = 0, LaneEnd = Lanes, Nodes = [.. Enumerable.Range(0, Instances)],
            Voltage = Fill(() => -80 + 60 * random.NextDouble()),
            Parameters = [.. m.Parameters.Select(p => Fill(() => p.Default))],
            States = [.. _initialStates.Select(s => s.ToArray())],
            IonReads = [.. m.IonReads.Select(_ => Fill(() => 50.0))],
            Globals = [.. m.Globals.Select(g => g.Name == "celsius" ? 6.3 : g.Default)],
            Current = new double[Instances * Lanes], Conductance = new double[Instances * Lanes], Dt = 0.025,
        };
    }

    [Benchmark]
    public void ComputeCurrents() => _kernel.ComputeCurrents(_arguments);

    [Benchmark]
    public void AdvanceState()
    {
        // Restart from the same states so every iteration does the same work.
        for (var k = 0; k < _initialStates.Length; k++) Array.Copy(_initialStates[k], _arguments.States[k], _initialStates[k].Length);
        _kernel.AdvanceState(_arguments);
    }
}
