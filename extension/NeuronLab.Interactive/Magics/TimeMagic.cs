using System.Diagnostics;

namespace NeuronLab.Interactive;

/// <summary><c>#!time</c>: runs the rest of the cell and prints its wall-clock time.</summary>
public sealed class TimeMagic : MagicCommand
{
    public override string Name => "time";
    public override string Description => "Times the rest of the cell (wall clock).";

    public override async Task InvokeAsync(MagicInvocation invocation, IMagicContext context, Func<Task> next)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            context.Out.WriteLine($"Wall time: {clock.Elapsed.TotalMilliseconds:F1} ms");
        }
    }
}
