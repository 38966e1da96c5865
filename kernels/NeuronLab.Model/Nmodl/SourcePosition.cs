namespace NeuronLab.Model.Nmodl;

/// <summary>A place in an NMODL source: file name, 1-based line and 1-based column.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    /// <summary><c>file:line:column</c>, the form compilers print.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>A note about an NMODL file that did not stop it from loading (e.g. an ignored <c>TABLE</c>).</summary>
public sealed record NmodlDiagnostic(SourcePosition Position, string Message)
{
    public override string ToString() => $"{Position}: {Message}";
}

/// <summary>
/// An NMODL file is malformed or uses a construct NeuronLab does not support. The message starts with
/// <c>file:line:column</c> and, for unsupported constructs, names the construct and says what to write instead.
/// </summary>
public sealed class NmodlException(SourcePosition position, string message) : Exception($"{position}: {message}")
{
    /// <summary>Where the problem is.</summary>
    public SourcePosition Position { get; } = position;

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; } = message;
}
