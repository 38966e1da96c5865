using System.Diagnostics;
using NeuronLab.Optimization.Records;

namespace NeuronLab.Interactive;

/// <summary>
/// A live view of an optimization run: one output (loss, distance to truth, parameter trajectories) that is replaced
/// in place as records arrive. It is an <see cref="IProgress{T}"/> of <see cref="RunRecord"/>, so fitting code calls
/// <see cref="Report"/> once per iteration (from any thread); updates are throttled to <see cref="MinInterval"/> and
/// <see cref="Complete"/> (or <see cref="Dispose"/>) always shows the final state.
/// </summary>
/// <example>
/// <code>
/// using var monitor = RunMonitor.Start("Adam on hh", ["gnabar", "gkbar", "gl"]);
/// for (var i = 0; i &lt; 100; i++) { var record = Step(i); monitor.Report(record); }
/// </code>
/// </example>
public sealed class RunMonitor : IProgress<RunRecord>, IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<RunRecord> _records = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IReadOnlyList<string>? _names;
    private DisplayHandle? _handle;
    private TimeSpan _lastPublished = TimeSpan.MinValue;
    private bool _completed;

    private RunMonitor(string title, IReadOnlyList<string>? names)
    {
        Title = title;
        _names = names;
    }

    /// <summary>The smallest time between two published updates.</summary>
    public static TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public string Title { get; }

    /// <summary>A copy of the records received so far.</summary>
    public IReadOnlyList<RunRecord> Records
    {
        get
        {
            lock (_lock)
                return [.. _records];
        }
    }

    /// <summary>How many times the display was published or replaced (for tests and diagnostics).</summary>
    public int Publications { get; private set; }

    /// <summary>Shows an empty run view and returns the monitor.</summary>
    public static RunMonitor Start(string title, IReadOnlyList<string>? parameterNames = null)
    {
        var monitor = new RunMonitor(title, parameterNames);
        lock (monitor._lock)
        {
            monitor._handle = Display.Show(monitor);
            monitor.Publications++;
            monitor._lastPublished = monitor._clock.Elapsed;
        }
        return monitor;
    }

    /// <summary>Adds one iteration's record; the view is updated unless the last update was under <see cref="MinInterval"/> ago.</summary>
    public void Report(RunRecord value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            _records.Add(value);
            var now = _clock.Elapsed;
            if (_completed || now - _lastPublished < MinInterval)
                return;
            _lastPublished = now;
            Publish();
        }
    }

    /// <summary>Shows the final state.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (_completed)
                return;
            _completed = true;
            Publish();
        }
    }

    public void Dispose() => Complete();

    private void Publish()
    {
        if (_handle is null)
            return;
        _handle.Update(this);
        Publications++;
    }

    /// <summary>The current figure (plotly JSON + HTML) with a text summary.</summary>
    public MimeBundle ToBundle()
    {
        List<RunRecord> records;
        lock (_lock)
            records = [.. _records];
        var status = _completed ? "done" : "running";
        var summary = $"{Title} ({status}): {RunView.Summary(records)}";
        return Formatter.FigureBundle(RunView.Figure(records, _names, summary)).With(MimeBundle.PlainText, summary);
    }

    public override string ToString() => (string)ToBundle()[MimeBundle.PlainText];
}
