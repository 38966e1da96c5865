namespace NeuronLab.Simulation.CellFiles;

/// <summary>
/// A cell file that cannot be read: the message names the file and the JSON path at fault, e.g.
/// <c>cell.json: $.mechanisms[2].parameters.gnabar: expected a number, found "abc"</c>.
/// </summary>
public sealed class CellFileException : Exception
{
    public CellFileException(string fileName, string jsonPath, string problem, Exception? inner = null)
        : base($"{fileName}: {jsonPath}: {problem}", inner)
    {
        FileName = fileName;
        JsonPath = jsonPath;
        Problem = problem;
    }

    /// <summary>The file (as given to the reader).</summary>
    public string FileName { get; }

    /// <summary>Where in the file, as a JSONPath (<c>$</c> is the document).</summary>
    public string JsonPath { get; }

    /// <summary>What is wrong there.</summary>
    public string Problem { get; }
}
