using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NeuronLab.Kernel.Execution;

/// <summary>A completion answer: the names and the range [start, end) of the text they replace (UTF-16 indices).</summary>
internal sealed record Completions(IReadOnlyList<string> Matches, int Start, int End);

/// <summary>An inspection answer: plain text about the symbol at the cursor, or null.</summary>
internal sealed record Inspection(string Text);

internal sealed partial class CSharpSession
{
    /// <summary>Names in scope, or members after a dot, that start with the word before <paramref name="cursor"/>.</summary>
    public Completions Complete(string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        var start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_'))
            start--;
        var prefix = code[start..cursor];
        var (offset, rest) = CodeWithoutMagics(code);
        if (start < offset)
            return new Completions([], start, cursor);
        var (_, tree, model) = Analyze(rest);
        var position = start - offset;
        IEnumerable<ISymbol> symbols;
        var dot = position > 0 ? tree.GetRoot().FindToken(position - 1) : default;
        if (dot.IsKind(SyntaxKind.DotToken) && dot.Parent is MemberAccessExpressionSyntax or QualifiedNameSyntax)
        {
            var left = dot.Parent switch
            {
                MemberAccessExpressionSyntax m => (SyntaxNode)m.Expression,
                QualifiedNameSyntax q => q.Left,
                _ => throw new InvalidOperationException(),
            };
            var leftSymbol = model.GetSymbolInfo(left).Symbol;
            symbols = leftSymbol switch
            {
                INamespaceSymbol ns => model.LookupNamespacesAndTypes(position, ns),
                INamedTypeSymbol type when model.GetTypeInfo(left).Type is null || left is not IdentifierNameSyntax
                    || model.LookupSymbols(position, name: ((IdentifierNameSyntax)left).Identifier.Text).All(s => s is ITypeSymbol) =>
                    model.LookupStaticMembers(position, type),
                _ => model.GetTypeInfo(left).Type is { } t
                    ? model.LookupSymbols(position, t, includeReducedExtensionMethods: true).Where(s => !s.IsStatic || s is IMethodSymbol { IsExtensionMethod: true })
                    : [],
            };
        }
        else
        {
            symbols = model.LookupSymbols(position);
        }
        var matches = symbols
            .Where(s => s.CanBeReferencedByName && s.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !s.Name.StartsWith("__", StringComparison.Ordinal))
            .Select(s => s.Name)
            .Distinct()
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        if (dot == default || !dot.IsKind(SyntaxKind.DotToken))
        {
            matches.AddRange(SyntaxFacts.GetKeywordKinds().Select(SyntaxFacts.GetText)
                .Where(k => prefix.Length > 0 && k.StartsWith(prefix, StringComparison.Ordinal) && !matches.Contains(k)));
        }
        return new Completions(matches, start, cursor);
    }

    /// <summary>Signature, kind and documentation of the symbol at (or just before) <paramref name="cursor"/>.</summary>
    public Inspection? Inspect(string code, int cursor)
    {
        var (offset, rest) = CodeWithoutMagics(code);
        var position = Math.Clamp(cursor - offset, 0, rest.Length);
        var (_, tree, model) = Analyze(rest);
        var root = tree.GetRoot();
        var token = root.FindToken(Math.Max(0, position - 1));
        if (!token.IsKind(SyntaxKind.IdentifierToken) && position < rest.Length)
            token = root.FindToken(position);
        if (token.Parent is not { } node)
            return null;
        var symbol = model.GetSymbolInfo(node).Symbol
            ?? model.GetSymbolInfo(node).CandidateSymbols.FirstOrDefault()
            ?? model.GetDeclaredSymbol(node)
            ?? (node.Parent is { } p ? model.GetSymbolInfo(p).Symbol : null);
        if (symbol is null)
        {
            return model.GetTypeInfo(node).Type is { TypeKind: not TypeKind.Error } t
                ? new Inspection($"{t.ToDisplayString()}\n(type of the expression)")
                : null;
        }
        var text = new System.Text.StringBuilder();
        text.AppendLine(symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat));
        text.AppendLine($"({symbol.Kind.ToString().ToLowerInvariant()}{Where(symbol)})");
        if (symbol is IMethodSymbol method && symbol.ContainingType is { } owner)
        {
            var overloads = owner.GetMembers(method.Name).OfType<IMethodSymbol>().Where(m => !SymbolEqualityComparer.Default.Equals(m, method)).Take(8).ToList();
            foreach (var o in overloads)
                text.AppendLine("  " + o.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat));
        }
        if (Summary(symbol) is { Length: > 0 } summary)
            text.AppendLine().AppendLine(summary);
        return new Inspection(text.ToString().TrimEnd());
    }

    private static string Where(ISymbol s) =>
        s.ContainingAssembly is { } a && s is not INamespaceSymbol ? $" in {a.Name}" : "";

    private static string? Summary(ISymbol symbol)
    {
        var xml = symbol.GetDocumentationCommentXml(expandIncludes: false);
        if (string.IsNullOrWhiteSpace(xml))
            return null;
        try
        {
            var doc = System.Xml.Linq.XElement.Parse(xml);
            var summary = doc.Element("summary");
            return summary is null ? null : string.Join(" ", summary.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    /// <summary>The code after the magic lines and the UTF-16 offset where it starts.</summary>
    private static (int Offset, string Code) CodeWithoutMagics(string code)
    {
        var (magics, _) = Interactive.MagicParser.Split(code);
        if (magics.Count == 0)
            return (0, code);
        var offset = 0;
        var lines = 0;
        while (offset < code.Length && lines < magics[^1].LineNumber)
        {
            if (code[offset] == '\n')
                lines++;
            offset++;
        }
        return (offset, code[offset..]);
    }
}
