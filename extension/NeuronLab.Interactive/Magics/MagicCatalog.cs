namespace NeuronLab.Interactive;

/// <summary>
/// The one place where magic commands are listed. To add one (e.g. <c>#!simulate</c>): write a
/// <see cref="MagicCommand"/> subclass and add an instance here.
/// </summary>
public static class MagicCatalog
{
    /// <summary>Fresh instances of the magics every NeuronLab kernel has.</summary>
    public static IEnumerable<MagicCommand> BuiltIn() =>
    [
        new HelpMagic(),
        new TimeMagic(),
        new WhoMagic(),
        new NeuronMagic(),
        new MechanismMagic(),
        new SimulateMagic(),
        new BackendMagic(),
        new FitMagic(),
    ];
}
