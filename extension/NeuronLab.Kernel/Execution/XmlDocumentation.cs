using System.Globalization;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace NeuronLab.Kernel.Execution;

/// <summary>Reads an assembly's XML documentation file, so inspection can show &lt;summary&gt; of referenced symbols.</summary>
internal sealed class XmlDocumentation(string path) : DocumentationProvider
{
    private readonly Lazy<Dictionary<string, string>> _members = new(() => Load(path));

    private static Dictionary<string, string> Load(string path)
    {
        try
        {
            return XDocument.Load(path).Descendants("member")
                .Where(m => m.Attribute("name") is not null)
                .GroupBy(m => (string)m.Attribute("name")!)
                .ToDictionary(g => g.Key, g => g.First().ToString());
        }
        catch (Exception e) when (e is IOException or System.Xml.XmlException)
        {
            return [];
        }
    }

    protected override string? GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture, CancellationToken cancellationToken = default) =>
        _members.Value.GetValueOrDefault(documentationMemberID);

    public override bool Equals(object? obj) => obj is XmlDocumentation other && other._path == _path;

    public override int GetHashCode() => _path.GetHashCode(StringComparison.Ordinal);

    private readonly string _path = path;
}
