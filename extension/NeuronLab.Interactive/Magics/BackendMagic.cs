using System.Numerics;
using NeuronLab.Simulation.Backends;

namespace NeuronLab.Interactive;

/// <summary>
/// <c>#!backend [name]</c>: lists the compute back ends with whether each can be used on this machine
/// (<see cref="BackendSimulator.IsAvailable"/>), or selects one for the session's <c>#!simulate</c> runs. The CPU back
/// end (generated C#, SIMD across lanes) is the default; OpenCL and CUDA run the same generated step on a device.
/// </summary>
public sealed class BackendMagic : MagicCommand
{
    /// <summary>The back end <c>#!simulate</c> uses in this session.</summary>
    public static ComputeBackend Current { get; private set; } = ComputeBackend.Cpu;

    public override string Name => "backend";
    public override string Description => "Lists the compute back ends (cpu, opencl, cuda) and selects one for #!simulate.";
    public override IReadOnlyList<string> Arguments => ["name"];
    public override string? Example => "#!backend opencl";

    /// <summary>The back ends and whether each can be used here, with why not.</summary>
    public static IReadOnlyList<(string Name, ComputeBackend Backend, bool Available, string Details)> List() =>
    [
        ("cpu", ComputeBackend.Cpu, true, $"generated C# kernels; {Environment.ProcessorCount} logical cores (SimulationOptions.Threads), "
            + $"SIMD {Vector<double>.Count} doubles per vector ({(Vector.IsHardwareAccelerated ? "hardware accelerated" : "not accelerated")})"),
        Probe("opencl", ComputeBackend.OpenCl),
        Probe("cuda", ComputeBackend.Cuda),
    ];

    private static (string, ComputeBackend, bool, string) Probe(string name, ComputeBackend backend)
    {
        var available = BackendSimulator.IsAvailable(backend, out var description);
        return (name, backend, available, description);
    }

    public override async Task InvokeAsync(MagicInvocation invocation, IMagicContext context, Func<Task> next)
    {
        var backends = List();
        if (invocation.Arguments.Count == 0)
        {
            var current = backends.First(b => b.Backend == Current).Name;
            Display.Show(MimeBundle.Of(MimeBundle.PlainText, string.Join("\n", backends.Select(b => $"{b.Name,-8} {(b.Available ? "available" : "unavailable"),-12} {b.Details}")))
                .With(MimeBundle.Html, new HtmlView().Heading($"Compute back ends (in use: {current})")
                    .Table(["back end", "available", "details"], backends.Select(b => (IReadOnlyList<object?>)[b.Name, b.Available ? "yes" : "no", b.Details]))
                    .ToHtml()));
        }
        else
        {
            var name = invocation.Arguments[0].ToLowerInvariant();
            var backend = backends.FirstOrDefault(b => b.Name == name);
            if (backend.Name is null)
                throw new MagicException($"#!backend: unknown back end '{invocation.Arguments[0]}'. Known: {string.Join(", ", backends.Select(b => b.Name))}.");
            if (!backend.Available)
                throw new MagicException($"#!backend: '{name}' cannot be used here: {backend.Details} Simulations stay on {backends.First(b => b.Backend == Current).Name}.");
            Current = backend.Backend;
            context.Out.WriteLine($"Back end: {name} ({backend.Details}). #!simulate runs on it from now on.");
        }
        await next().ConfigureAwait(false);
    }
}
