namespace NeuronLab.Interactive;

/// <summary><c>#!who [--types]</c>: lists the variables in scope.</summary>
public sealed class WhoMagic : MagicCommand
{
    public override string Name => "who";
    public override string Description => "Lists the variables defined by earlier cells (--types adds types and values).";
    public override IReadOnlyList<MagicOption> Options { get; } =
        [new MagicOption("types", typeof(bool), "Show each variable's type and value.", false)];

    public override async Task InvokeAsync(MagicInvocation invocation, IMagicContext context, Func<Task> next)
    {
        await next().ConfigureAwait(false);
        var variables = context.Variables;
        if (variables.Count == 0)
        {
            context.Out.WriteLine("No variables defined.");
            return;
        }
        if (!invocation.Get<bool>("types"))
        {
            context.Out.WriteLine(string.Join("  ", variables.Select(v => v.Name)));
            return;
        }
        var width = variables.Max(v => v.Name.Length);
        foreach (var v in variables)
        {
            var text = Formatter.ToPlainText(v.Value).ReplaceLineEndings(" ");
            if (text.Length > 60)
                text = text[..57] + "...";
            context.Out.WriteLine($"{v.Name.PadRight(width)}  {TypeName(v.Type),-20}  {text}");
        }
    }

    private static string TypeName(Type t) =>
        t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(TypeName))}>" : t.Name;
}
