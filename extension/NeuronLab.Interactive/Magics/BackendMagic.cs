using System.Numerics;

namespace NeuronLab.Interactive;

/// <summary>
/// <c>#!backend [name]</c>: lists the compute back ends, or checks that one is available. Only <c>cpu</c> exists today
/// (generated C# kernels, SIMD across lanes, threads over blocks of lanes); GPU back ends (CUDA C / OpenCL C from the
/// same IR, DESIGN.md §5) are not built and cannot be used on this machine.
/// </summary>
public sealed class BackendMagic : MagicCommand
{
    public override string Name => "backend";
    public override string Description => "Lists the compute back ends (only cpu exists; no GPU back end is available).";
    public override IReadOnlyList<string> Arguments => ["name"];
    public override string? Example => "#!backend cpu";

    /// <summary>The back ends and whether each can be used here.</summary>
    public static IReadOnlyList<(string Name, bool Available, string Details)> List() =>
    [
        ("cpu", true, $"generated C# kernels; {Environment.ProcessorCount} logical cores (SimulationOptions.Threads), "
            + $"SIMD {Vector<double>.Count} doubles per vector ({(Vector.IsHardwareAccelerated ? "hardware accelerated" : "not accelerated")})"),
        ("cuda", false, "not available: NeuronLab has no GPU back end yet, and none can be used on this machine"),
        ("opencl", false, "not available: NeuronLab has no GPU back end yet, and none can be used on this machine"),
    ];

    public override async Task InvokeAsync(MagicInvocation invocation, IMagicContext context, Func<Task> next)
    {
        var backends = List();
        if (invocation.Arguments.Count == 0)
        {
            Display.Show(MimeBundle.Of(MimeBundle.PlainText, string.Join("\n", backends.Select(b => $"{b.Name,-8} {(b.Available ? "available" : "unavailable"),-12} {b.Details}")))
                .With(MimeBundle.Html, new HtmlView().Heading("Compute back ends (in use: cpu)")
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
                throw new MagicException($"#!backend: '{name}' is {backend.Details}. Simulations run on the cpu back end.");
            context.Out.WriteLine($"Back end: {name} ({backend.Details}). It is the only back end, so nothing changes.");
        }
        await next().ConfigureAwait(false);
    }
}
