using System.Text;

namespace NeuronLab.Interactive;

/// <summary>A magic line split into its name and tokens.</summary>
public sealed record MagicLine(string Name, IReadOnlyList<string> Tokens, string Text, int LineNumber);

/// <summary>
/// Splits a cell into its leading magic lines (<c>#!name ...</c> or <c>%name ...</c>; blank lines between them are
/// allowed) and the remaining code. Tokens follow shell quoting: <c>"a b"</c> and <c>'a b'</c> are one token.
/// </summary>
public static class MagicParser
{
    /// <summary>Whether a line is a magic line.</summary>
    public static bool IsMagicLine(string line)
    {
        var t = line.TrimStart();
        return (t.StartsWith("#!", StringComparison.Ordinal) && t.Length > 2 && !char.IsWhiteSpace(t[2]))
            || (t.StartsWith('%') && t.Length > 1 && char.IsLetter(t[1]));
    }

    /// <summary>The magic lines at the top of <paramref name="cell"/> and the code after them. The code keeps its
    /// line numbers (magic lines become empty lines) so compiler diagnostics point at the right line.</summary>
    public static (IReadOnlyList<MagicLine> Magics, string Code) Split(string cell)
    {
        var lines = cell.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var magics = new List<MagicLine>();
        var i = 0;
        for (; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            if (!IsMagicLine(lines[i]))
                break;
            var text = lines[i].Trim();
            var tokens = Tokenize(text[(text[0] == '%' ? 1 : 2)..]);
            magics.Add(new MagicLine(tokens[0], tokens.Skip(1).ToList(), text, i + 1));
        }
        if (magics.Count == 0)
            return (magics, cell);
        var code = string.Join("\n", lines.Select((l, k) => k < i ? "" : l));
        return (magics, code);
    }

    /// <summary>Shell-like tokenisation.</summary>
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        char quote = '\0';
        foreach (var ch in text)
        {
            if (quote != '\0')
            {
                if (ch == quote)
                    quote = '\0';
                else
                    current.Append(ch);
            }
            else if (ch is '"' or '\'')
            {
                quote = ch;
                inToken = true;
            }
            else if (char.IsWhiteSpace(ch))
            {
                if (inToken)
                    tokens.Add(current.ToString());
                current.Clear();
                inToken = false;
            }
            else
            {
                current.Append(ch);
                inToken = true;
            }
        }
        if (quote != '\0')
            throw new MagicException($"Unterminated quote in magic line: {text}");
        if (inToken)
            tokens.Add(current.ToString());
        return tokens;
    }
}
