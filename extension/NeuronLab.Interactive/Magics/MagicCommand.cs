namespace NeuronLab.Interactive;

/// <summary>
/// A magic command (<c>#!name --option value</c>, or <c>%name ...</c>, on the first lines of a cell), in the
/// .NET Interactive style. Subclass it, declare <see cref="Options"/>, implement <see cref="InvokeAsync"/>,
/// and add one instance to <see cref="MagicCatalog.BuiltIn"/>. A magic is an adapter: it parses its options and
/// calls a public API that the command line also exposes (STYLE 11).
/// </summary>
public abstract class MagicCommand
{
    /// <summary>The name without the prefix, e.g. <c>time</c> for <c>#!time</c>. Letters, digits and '-'.</summary>
    public abstract string Name { get; }

    /// <summary>One line for <c>#!help</c>.</summary>
    public abstract string Description { get; }

    /// <summary>An example line for <c>#!help name</c>, or null.</summary>
    public virtual string? Example => null;

    /// <summary>The typed options (<c>--name value</c>; bool options are flags).</summary>
    public virtual IReadOnlyList<MagicOption> Options => [];

    /// <summary>Positional arguments accepted (names for help); empty means none are allowed.</summary>
    public virtual IReadOnlyList<string> Arguments => [];

    /// <summary>
    /// Runs the magic. <paramref name="next"/> runs the rest of the cell (the following magics and the code);
    /// call it once, or not at all to swallow the code. Throw <see cref="MagicException"/> for a user error.
    /// </summary>
    public abstract Task InvokeAsync(MagicInvocation invocation, IMagicContext context, Func<Task> next);
}

/// <summary>
/// A typed option of a magic: <c>--name value</c>. <see cref="ValueType"/> is <see cref="string"/>, <see cref="int"/>,
/// <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> (a flag, or <c>--name true|false</c>), an enum
/// (case-insensitive name), or <see cref="TimeSpan"/> (<c>500ms</c>, <c>2s</c>, <c>1.5min</c>).
/// </summary>
public sealed record MagicOption(string Name, Type ValueType, string Description, object? Default = null, bool Required = false)
{
    /// <summary>"--name".</summary>
    public string Flag => "--" + Name;
}

/// <summary>A user error in a magic line; the kernel shows its message as an error output, without a stack trace.</summary>
public sealed class MagicException(string message) : Exception(message);

/// <summary>A variable in the cell's scope, for <c>#!who</c>.</summary>
public sealed record VariableInfo(string Name, Type Type, object? Value);

/// <summary>What a magic may use of its host (the kernel implements it).</summary>
public interface IMagicContext
{
    /// <summary>The cell's standard output.</summary>
    TextWriter Out { get; }

    /// <summary>Variables defined by earlier cells, in declaration order.</summary>
    IReadOnlyList<VariableInfo> Variables { get; }

    /// <summary>The magics available (for <c>#!help</c>).</summary>
    MagicRegistry Magics { get; }

    /// <summary>Cancelled when the cell is interrupted.</summary>
    CancellationToken CancellationToken { get; }
}
