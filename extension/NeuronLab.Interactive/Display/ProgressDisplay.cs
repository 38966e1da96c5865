using System.Diagnostics;
using System.Globalization;

namespace NeuronLab.Interactive;

/// <summary>
/// A live progress bar that updates one output in place. Updates are throttled to
/// <see cref="MinInterval"/>; the final <see cref="Complete"/> (or <see cref="Dispose"/>) always shows.
/// Thread-safe: <see cref="Report"/> may be called from worker threads.
/// </summary>
/// <example>
/// <code>
/// using var progress = ProgressDisplay.Start("Fitting", total: epochs);
/// for (var i = 0; i &lt; epochs; i++) { Step(); progress.Report(i + 1, $"loss {loss:g4}"); }
/// </code>
/// </example>
public sealed class ProgressDisplay : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private DisplayHandle? _handle;
    private long _lastPublishedTicks = long.MinValue;
    private bool _completed;

    private ProgressDisplay(string label, double total)
    {
        Label = label;
        Total = total;
    }

    /// <summary>The smallest time between two published updates.</summary>
    public static TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    public string Label { get; }
    public double Total { get; }
    public double Done { get; private set; }
    public string? Status { get; private set; }

    /// <summary>Shows a new progress display at 0 %.</summary>
    public static ProgressDisplay Start(string label, double total)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        var p = new ProgressDisplay(label, total);
        p._handle = Display.Show(p);
        p._lastPublishedTicks = p._clock.ElapsedTicks;
        return p;
    }

    /// <summary>Sets the amount done (0…<see cref="Total"/>) and an optional status line.</summary>
    public void Report(double done, string? status = null)
    {
        lock (_lock)
        {
            Done = Math.Clamp(done, 0, Total);
            Status = status ?? Status;
            var now = _clock.ElapsedTicks;
            if (_completed || now - _lastPublishedTicks < MinInterval.TotalSeconds * Stopwatch.Frequency)
                return;
            _lastPublishedTicks = now;
            _handle?.Update(this);
        }
    }

    /// <summary>Shows 100 % and the final status.</summary>
    public void Complete(string? status = null)
    {
        lock (_lock)
        {
            if (_completed)
                return;
            _completed = true;
            Done = Total;
            Status = status ?? Status;
            _handle?.Update(this);
        }
    }

    public void Dispose() => Complete();

    /// <summary>HTML (embedded template) and plain text.</summary>
    public MimeBundle ToBundle()
    {
        var percent = Total > 0 ? 100 * Done / Total : 0;
        var elapsed = _clock.Elapsed.TotalSeconds;
        var status = $"{Done.ToString("G6", CultureInfo.InvariantCulture)}/{Total.ToString("G6", CultureInfo.InvariantCulture)}"
            + $" ({elapsed:F1} s){(Status is null ? "" : " " + Status)}";
        var html = Templates.Fill("progress.html",
            raw: new Dictionary<string, string>
            {
                ["css"] = Templates.Load("progress.css"),
                ["percent"] = percent.ToString("F1", CultureInfo.InvariantCulture),
            },
            text: new Dictionary<string, string> { ["label"] = Label, ["status"] = status });
        return MimeBundle.Of(MimeBundle.PlainText, $"{Label}: {percent:F0}% {status}").With(MimeBundle.Html, html);
    }

    public override string ToString() => (string)ToBundle()[MimeBundle.PlainText];
}
