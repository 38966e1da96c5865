using NeuronLab.Reproduce;

namespace NeuronLab.Reproduce.Tests;

public sealed class CliTests
{
    [Fact]
    public void List_NamesEveryExperiment()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, Cli.Run(["list"]));
        }
        finally
        {
            Console.SetOut(previous);
        }
        Assert.Contains("validate-neuron", output.ToString());
    }

    [Fact]
    public void Run_UnknownExperiment_ExitsWithUsageError()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(Cli.UsageError, Cli.Run(["run", "no-such-figure"]));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("validate-neuron", error.ToString());
    }
}
