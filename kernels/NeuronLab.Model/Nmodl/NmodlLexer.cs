using System.Globalization;

namespace NeuronLab.Model.Nmodl;

/// <summary>
/// Splits NMODL source into tokens. Drops <c>:</c> and <c>?</c> line comments and <c>COMMENT … ENDCOMMENT</c>;
/// turns <c>TITLE</c> lines into one token; keeps a <c>VERBATIM</c> token (its C body skipped) so that the parser
/// can reject it with its position.
/// </summary>
internal sealed class NmodlLexer(string source, string fileName)
{
    private static readonly string[] s_twoCharacter = ["<=", ">=", "==", "!=", "&&", "||"];
    private const string SingleCharacter = "{}()[],=<>+-*/^'!~;";

    private int _offset;
    private int _line = 1;
    private int _column = 1;

    public static List<Token> Tokenize(string source, string fileName) => new NmodlLexer(source, fileName).Run();

    private List<Token> Run()
    {
        var tokens = new List<Token>();
        while (true)
        {
            SkipTrivia();
            if (_offset >= source.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", Here(), _offset, _offset));
                return tokens;
            }
            var position = Here();
            var start = _offset;
            var c = source[_offset];
            if (char.IsLetter(c) || c == '_')
            {
                while (_offset < source.Length && (char.IsLetterOrDigit(source[_offset]) || source[_offset] == '_')) Advance();
                var word = source[start.._offset];
                switch (word)
                {
                    case "COMMENT":
                        SkipUntil("ENDCOMMENT", position, "COMMENT");
                        continue;
                    case "TITLE":
                        var titleStart = _offset;
                        while (_offset < source.Length && source[_offset] != '\n') Advance();
                        tokens.Add(new Token(TokenKind.Title, source[titleStart.._offset].Trim(), position, start, _offset));
                        continue;
                    case "VERBATIM":
                        tokens.Add(new Token(TokenKind.Identifier, word, position, start, _offset));
                        SkipUntil("ENDVERBATIM", position, "VERBATIM");
                        continue;
                    default:
                        tokens.Add(new Token(TokenKind.Identifier, word, position, start, _offset));
                        continue;
                }
            }
            if (char.IsDigit(c) || (c == '.' && _offset + 1 < source.Length && char.IsDigit(source[_offset + 1])))
            {
                tokens.Add(LexNumber(position, start));
                continue;
            }
            var two = _offset + 1 < source.Length ? source.Substring(_offset, 2) : "";
            if (Array.IndexOf(s_twoCharacter, two) >= 0)
            {
                Advance(); Advance();
                tokens.Add(new Token(TokenKind.Punctuation, two, position, start, _offset));
                continue;
            }
            if (c == '"')
            {
                Advance();
                while (_offset < source.Length && source[_offset] != '"' && source[_offset] != '\n') Advance();
                if (_offset >= source.Length || source[_offset] != '"') throw new NmodlException(position, "string is not closed on its line.");
                Advance();
                tokens.Add(new Token(TokenKind.Punctuation, source[start.._offset], position, start, _offset));
                continue;
            }
            if (SingleCharacter.Contains(c) || c == '.' || c == '%' || c == '&' || c == '|')
            {
                Advance();
                tokens.Add(new Token(TokenKind.Punctuation, c.ToString(), position, start, _offset));
                continue;
            }
            throw new NmodlException(position, $"unexpected character '{c}'.");
        }
    }

    private Token LexNumber(SourcePosition position, int start)
    {
        while (_offset < source.Length && char.IsDigit(source[_offset])) Advance();
        if (_offset < source.Length && source[_offset] == '.')
        {
            Advance();
            while (_offset < source.Length && char.IsDigit(source[_offset])) Advance();
        }
        if (_offset < source.Length && (source[_offset] is 'e' or 'E'))
        {
            var save = (_offset, _line, _column);
            Advance();
            if (_offset < source.Length && (source[_offset] is '+' or '-')) Advance();
            if (_offset < source.Length && char.IsDigit(source[_offset]))
                while (_offset < source.Length && char.IsDigit(source[_offset])) Advance();
            else
                (_offset, _line, _column) = save;
        }
        var text = source[start.._offset];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            throw new NmodlException(position, $"malformed number '{text}'.");
        return new Token(TokenKind.Number, text, position, start, _offset);
    }

    private void SkipTrivia()
    {
        while (_offset < source.Length)
        {
            var c = source[_offset];
            if (char.IsWhiteSpace(c)) Advance();
            else if (c is ':' or '?')
                while (_offset < source.Length && source[_offset] != '\n') Advance();
            else return;
        }
    }

    private void SkipUntil(string terminator, SourcePosition opened, string construct)
    {
        while (_offset < source.Length)
        {
            if (string.CompareOrdinal(source, _offset, terminator, 0, terminator.Length) == 0
                && (_offset == 0 || !char.IsLetterOrDigit(source[_offset - 1])))
            {
                for (var i = 0; i < terminator.Length; i++) Advance();
                return;
            }
            Advance();
        }
        throw new NmodlException(opened, $"{construct} is not closed: expected {terminator} before the end of the file.");
    }

    private SourcePosition Here() => new(fileName, _line, _column);

    private void Advance()
    {
        if (source[_offset] == '\n') { _line++; _column = 1; }
        else _column++;
        _offset++;
    }
}
