using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Nmodl;

namespace NeuronLab.Interactive;

/// <summary>
/// <c>#!mechanism [--file name.mod] [--source]</c>: the rest of the cell is NMODL. It is parsed
/// (<see cref="NmodlLoader.Parse"/>), registered in <see cref="MechanismCatalogue"/> under its SUFFIX (so
/// <c>MechanismCatalogue.Get("name")</c> and <c>#!neuron name</c> find it) and displayed. Errors are shown as
/// <c>file:line:column: message</c>, with the line numbers of the cell.
/// </summary>
public sealed class MechanismMagic : MagicCommand
{
    public override string Name => "mechanism";
    public override string Description => "The rest of the cell is NMODL: parse it, register it in the catalogue, show it.";
    public override string? Example => "#!mechanism --source   (then NEURON { SUFFIX leak ... } on the next lines)";
    public override IReadOnlyList<MagicOption> Options { get; } =
    [
        new MagicOption("file", typeof(string), "The file name used in error messages.", "cell.mod"),
        new MagicOption("source", typeof(bool), "Also show the generated C# kernel.", false),
    ];

    public override Task InvokeAsync(MagicInvocation invocation, IMagicContext context, Func<Task> next)
    {
        if (string.IsNullOrWhiteSpace(invocation.Code))
            throw new MagicException("#!mechanism: the cell has no NMODL after the magic line.");
        var file = invocation.Get<string>("file");
        var module = MagicHelpers.Load(Name, () => NmodlLoader.Parse(invocation.Code, file));
        foreach (var d in module.Diagnostics)
            context.Out.WriteLine(d.ToString());
        var mechanism = module.Mechanism;
        var bundle = MagicHelpers.Load(Name, () => MechanismView.Bundle(mechanism, invocation.Get<bool>("source")));
        MechanismCatalogue.Register(mechanism.Name, () => mechanism);
        context.Out.WriteLine($"Registered mechanism '{mechanism.Name}' in the catalogue (MechanismCatalogue.Get(\"{mechanism.Name}\")).");
        Display.Show(bundle);
        return Task.CompletedTask; // the cell's body was NMODL, not C#: nothing else to run
    }
}
