namespace NeuronLab.Model.Mechanisms;

/// <summary>A mechanism description is inconsistent (undeclared symbol, duplicate name, unsupported form).</summary>
public sealed class MechanismDefinitionException(string message) : Exception(message);
