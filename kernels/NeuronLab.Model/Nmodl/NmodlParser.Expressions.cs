using System.Collections.Immutable;
using System.Globalization;

namespace NeuronLab.Model.Nmodl;

// Expressions, by precedence climbing.
public sealed partial class NmodlParser
{
    /// <summary>Parses an expression: <c>||</c> &lt; <c>&amp;&amp;</c> &lt; comparisons &lt; <c>+ -</c> &lt; <c>* /</c> &lt; unary &lt; <c>^</c> (right-associative).</summary>
    private NmodlExpression ParseExpression() => ParseOr();

    private NmodlExpression ParseOr()
    {
        var left = ParseAnd();
        while (Current.Is("||")) left = Binary(left, ParseAnd);
        return left;
    }

    private NmodlExpression ParseAnd()
    {
        var left = ParseComparison();
        while (Current.Is("&&")) left = Binary(left, ParseComparison);
        return left;
    }

    private NmodlExpression ParseComparison()
    {
        var left = ParseAdditive();
        while (Current.Kind == TokenKind.Punctuation && Current.Text is "<" or "<=" or ">" or ">=" or "==" or "!=")
            left = Binary(left, ParseAdditive);
        return left;
    }

    private NmodlExpression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Is("+") || Current.Is("-")) left = Binary(left, ParseMultiplicative);
        return left;
    }

    private NmodlExpression ParseMultiplicative()
    {
        var left = ParseUnaryExpression();
        while (Current.Is("*") || Current.Is("/")) left = Binary(left, ParseUnaryExpression);
        return left;
    }

    private NmodlExpression ParseUnaryExpression()
    {
        var token = Current;
        if (token.Is("-") || token.Is("!"))
        {
            _index++;
            return new NmodlUnary(token.Position, token.Text, ParseUnaryExpression());
        }
        if (token.Is("+"))
        {
            _index++;
            return ParseUnaryExpression();
        }
        return ParsePower();
    }

    private NmodlExpression ParsePower()
    {
        var baseExpression = ParsePrimary();
        if (!Current.Is("^")) return baseExpression;
        var position = Current.Position;
        _index++;
        return new NmodlBinary(position, "^", baseExpression, ParseUnaryExpression());
    }

    private NmodlExpression Binary(NmodlExpression left, Func<NmodlExpression> right)
    {
        var op = Current;
        _index++;
        return new NmodlBinary(op.Position, op.Text, left, right());
    }

    private NmodlExpression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                _index++;
                return new NmodlNumber(token.Position, double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case TokenKind.Identifier:
                RejectUnsupported(token);
                _index++;
                if (Current.Is("["))
                    throw new NmodlException(Current.Position, $"array indexing '{token.Text}[…]' is not supported; use one scalar per element.");
                if (!Current.Is("(")) return new NmodlName(token.Position, token.Text);
                _index++;
                var arguments = ImmutableArray.CreateBuilder<NmodlExpression>();
                if (!Current.Is(")"))
                {
                    while (true)
                    {
                        arguments.Add(ParseExpression());
                        if (Current.Is(",")) { _index++; continue; }
                        break;
                    }
                }
                Expect(")");
                return new NmodlCall(token.Position, token.Text, arguments.ToImmutable());
            case TokenKind.Punctuation when token.Text == "(":
                _index++;
                var inner = ParseExpression();
                Expect(")");
                return inner;
            default:
                throw Expected("an expression");
        }
    }
}
