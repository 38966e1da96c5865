namespace NeuronLab.Optimization.CmaEs;

/// <summary>The functions of <see cref="CmaEsBenchmark"/>.</summary>
public enum BenchmarkFunction
{
    /// <summary><see cref="TestFunctions.Sphere"/>.</summary>
    Sphere,
    /// <summary><see cref="TestFunctions.Ellipsoid"/>.</summary>
    Ellipsoid,
    /// <summary><see cref="TestFunctions.Rosenbrock"/>.</summary>
    Rosenbrock,
    /// <summary><see cref="TestFunctions.Rastrigin"/>.</summary>
    Rastrigin,
}
