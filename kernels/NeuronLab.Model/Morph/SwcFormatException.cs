namespace NeuronLab.Model.Morph;

/// <summary>An SWC file is malformed. The message names the file, line, field and value at fault.</summary>
public sealed class SwcFormatException(string file, int line, string field, string value, string problem)
    : Exception($"{file}:{line}: field '{field}' = '{value}': {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Field { get; } = field;
    public string Value { get; } = value;
}
