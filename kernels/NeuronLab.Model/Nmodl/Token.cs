namespace NeuronLab.Model.Nmodl;

/// <summary>Kinds of NMODL tokens.</summary>
internal enum TokenKind { Identifier, Number, Punctuation, Title, End }

/// <summary>One token with its text, position and the [Start, End) character range in the source.</summary>
internal sealed record Token(TokenKind Kind, string Text, SourcePosition Position, int Start, int End)
{
    public bool Is(string punctuationOrWord) => (Kind is TokenKind.Punctuation or TokenKind.Identifier) && Text == punctuationOrWord;

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of file",
        TokenKind.Number => $"number '{Text}'",
        TokenKind.Identifier => $"'{Text}'",
        TokenKind.Title => "TITLE",
        _ => $"'{Text}'",
    };
}
