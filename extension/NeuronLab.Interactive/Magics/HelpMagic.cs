namespace NeuronLab.Interactive;

/// <summary><c>#!help [name]</c>: lists the magic commands, or the options of one.</summary>
public sealed class HelpMagic : MagicCommand
{
    public override string Name => "help";
    public override string Description => "Lists the magic commands, or shows the options of one: #!help time";
    public override IReadOnlyList<string> Arguments => ["magic"];

    public override async Task InvokeAsync(MagicInvocation invocation, IMagicContext context, Func<Task> next)
    {
        if (invocation.Arguments.Count == 1)
        {
            var name = invocation.Arguments[0].TrimStart('#', '!', '%');
            var command = context.Magics.Find(name) ?? throw new MagicException($"Unknown magic command '#!{name}'. Try #!help.");
            context.Out.WriteLine($"#!{command.Name} — {command.Description}");
            context.Out.WriteLine(MagicInvocation.Usage(command));
            if (command.Example is { } example)
                context.Out.WriteLine("Example: " + example);
            foreach (var o in command.Options)
            {
                var def = o.Default is null ? "" : $" (default: {o.Default})";
                context.Out.WriteLine($"  {o.Flag,-18} {o.Description}{def}{(o.Required ? " (required)" : "")}");
            }
        }
        else
        {
            context.Out.WriteLine("Magic commands (first lines of a cell; '%name' also works):");
            foreach (var c in context.Magics.Commands)
                context.Out.WriteLine($"  #!{c.Name,-14} {c.Description}");
            context.Out.WriteLine("#!help <name> shows a command's options. Planned, not yet available: #!fit (fitting with a live run view).");
        }
        await next().ConfigureAwait(false);
    }
}
