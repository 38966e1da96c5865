namespace NeuronLab.Reproduce;

/// <summary>Parses the command line and dispatches to experiments.</summary>
public static class Cli
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("neuronlab-reproduce: no experiments yet");
        return args.Length == 0 ? 0 : 2;
    }
}
