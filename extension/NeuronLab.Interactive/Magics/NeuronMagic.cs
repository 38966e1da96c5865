using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Morph;
using NeuronLab.Model.Nmodl;

namespace NeuronLab.Interactive;

/// <summary>
/// <c>#!neuron &lt;mechanism | file.swc | file.mod&gt; [--source]</c>: loads and describes a catalogue mechanism
/// (<see cref="MechanismCatalogue.Get"/>), a morphology (<see cref="SwcReader.ReadMorphology"/>: drawing + region and
/// branch tables) or an NMODL file (<see cref="NmodlLoader.Load"/>). Files are looked up relative to the notebook,
/// then under the shared data folder.
/// </summary>
public sealed class NeuronMagic : MagicCommand
{
    public override string Name => "neuron";
    public override string Description => "Describes a catalogue mechanism (hh), a morphology (file.swc) or an NMODL file (file.mod).";
    public override IReadOnlyList<string> Arguments => ["mechanism | file.swc | file.mod"];
    public override string? Example => "#!neuron gradient-diffusion/C4A.swc    #!neuron hh --source";
    public override IReadOnlyList<MagicOption> Options { get; } =
    [
        new MagicOption("source", typeof(bool), "Also show the generated C# kernel of a mechanism.", false),
    ];

    public override async Task InvokeAsync(MagicInvocation invocation, IMagicContext context, Func<Task> next)
    {
        if (invocation.Arguments.Count == 0)
            throw new MagicException($"#!neuron: say what to describe: a mechanism of the catalogue ({string.Join(", ", MechanismCatalogue.Names)}), a .swc or a .mod file. {MagicInvocation.Usage(this)}");
        var what = invocation.Arguments[0];
        var source = invocation.Get<bool>("source");
        switch (Path.GetExtension(what).ToLowerInvariant())
        {
            case ".swc":
            {
                var path = MagicHelpers.ResolveFile(Name, what);
                var morphology = MagicHelpers.Load(Name, () => SwcReader.ReadMorphology(path));
                if (source)
                    throw new MagicException("#!neuron: --source applies to mechanisms, not to morphologies.");
                Display.Show(MorphologyView.Drawing(morphology, title: Path.GetFileName(path)));
                Display.Show(MorphologyView.Bundle(morphology, drawing: false));
                break;
            }
            case ".mod":
            {
                var path = MagicHelpers.ResolveFile(Name, what);
                var module = MagicHelpers.Load(Name, () => NmodlLoader.Load(path));
                foreach (var d in module.Diagnostics)
                    context.Out.WriteLine(d.ToString());
                Display.Show(MagicHelpers.Load(Name, () => MechanismView.Bundle(module.Mechanism, source)));
                break;
            }
            case "":
            {
                var mechanism = MagicHelpers.Load(Name, () => MechanismCatalogue.Get(what));
                Display.Show(MagicHelpers.Load(Name, () => MechanismView.Bundle(mechanism, source)));
                break;
            }
            default:
                throw new MagicException($"#!neuron: '{what}' is neither a catalogue mechanism nor a .swc or .mod file. {MagicInvocation.Usage(this)}");
        }
        await next().ConfigureAwait(false);
    }
}
