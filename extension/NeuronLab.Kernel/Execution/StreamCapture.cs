using System.Text;

namespace NeuronLab.Kernel.Execution;

/// <summary>
/// A <see cref="TextWriter"/> that batches what the cell writes to Console.Out/Error and hands it to
/// <see cref="_publish"/> at most every <see cref="Interval"/> (PUB drops messages over its high-water mark, so
/// one message per character would be lost) and on <see cref="Flush"/> (before the execute reply).
/// </summary>
internal sealed class StreamCapture : TextWriter
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly StringBuilder _buffer = new();
    private readonly Lock _lock = new();
    private readonly Action<string, string> _publish;
    private readonly Timer _timer;

    public StreamCapture(string name, Action<string, string> publish)
    {
        Name = name;
        _publish = publish;
        _timer = new Timer(_ => Flush(), null, Interval, Interval);
    }

    /// <summary>"stdout" or "stderr".</summary>
    public string Name { get; }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_lock)
            _buffer.Append(value);
    }

    public override void Write(string? value)
    {
        lock (_lock)
            _buffer.Append(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_lock)
            _buffer.Append(buffer, index, count);
    }

    public override void WriteLine(string? value)
    {
        lock (_lock)
            _buffer.Append(value).Append('\n');
    }

    public override void Flush()
    {
        lock (_lock)
        {
            if (_buffer.Length == 0)
                return;
            var text = _buffer.ToString();
            _buffer.Clear();
            // Publish inside the lock so chunks keep their order.
            _publish(Name, text);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _timer.Dispose();
        base.Dispose(disposing);
    }
}
