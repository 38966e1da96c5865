namespace NeuronLab.Reproduce;

/// <summary>Entry point of the reproduce command line (see DESIGN.md §"Experiments").</summary>
public static class Program
{
    public static int Main(string[] args) => Cli.Run(args);
}
