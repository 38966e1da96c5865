namespace NeuronLab.Interactive;

/// <summary>
/// The magic commands a host knows, by name (case-insensitive), and the pipeline that runs a cell's magics
/// around its code. <see cref="CreateDefault"/> holds <see cref="MagicCatalog.BuiltIn"/>.
/// </summary>
public sealed class MagicRegistry
{
    private readonly Dictionary<string, MagicCommand> _commands = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A registry with every magic of <see cref="MagicCatalog.BuiltIn"/>.</summary>
    public static MagicRegistry CreateDefault()
    {
        var registry = new MagicRegistry();
        foreach (var magic in MagicCatalog.BuiltIn())
            registry.Register(magic);
        return registry;
    }

    /// <summary>The commands, sorted by name.</summary>
    public IReadOnlyList<MagicCommand> Commands => [.. _commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>Adds (or replaces) a magic.</summary>
    public void Register(MagicCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Name.Length == 0 || !command.Name.All(ch => char.IsLetterOrDigit(ch) || ch == '-'))
            throw new ArgumentException($"Invalid magic name '{command.Name}'.", nameof(command));
        _commands[command.Name] = command;
    }

    /// <summary>The magic with that name, or null.</summary>
    public MagicCommand? Find(string name) => _commands.GetValueOrDefault(name);

    /// <summary>Parses and binds every magic line of a cell (all errors are found before anything runs).</summary>
    public (IReadOnlyList<MagicInvocation> Invocations, string Code) Bind(string cell)
    {
        var (lines, code) = MagicParser.Split(cell);
        var invocations = new List<MagicInvocation>();
        foreach (var line in lines)
        {
            var command = Find(line.Name)
                ?? throw new MagicException($"Unknown magic command '#!{line.Name}'. Known: {string.Join(", ", Commands.Select(c => "#!" + c.Name))}. Try #!help.");
            invocations.Add(MagicInvocation.Bind(command, line.Tokens, line.Text));
        }
        foreach (var invocation in invocations)
            invocation.Code = code;
        return (invocations, code);
    }

    /// <summary>Runs the cell: each magic wraps the rest (later magics, then <paramref name="runCode"/> on the code).</summary>
    public async Task RunAsync(string cell, IMagicContext context, Func<string, Task> runCode)
    {
        var (invocations, code) = Bind(cell);
        Func<Task> next = () => string.IsNullOrWhiteSpace(code) ? Task.CompletedTask : runCode(code);
        for (var i = invocations.Count - 1; i >= 0; i--)
        {
            var invocation = invocations[i];
            var inner = next;
            next = () => invocation.Command.InvokeAsync(invocation, context, inner);
        }
        await next().ConfigureAwait(false);
    }
}
