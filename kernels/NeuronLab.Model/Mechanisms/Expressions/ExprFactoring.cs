namespace NeuronLab.Model.Mechanisms.Expressions;

/// <summary>
/// Exact division of products by cancelling common factors: <c>(x·R)/(−R) = −x</c>, with R matched structurally.
/// Used where a quotient is wanted without a division at run time and only when the denominator's factors all occur
/// in the numerator, so the result is a product again (equal to the quotient wherever the denominator is non-zero).
/// </summary>
public static class ExprFactoring
{
    /// <summary>
    /// <paramref name="numerator"/> / <paramref name="denominator"/> as a product of the numerator's remaining factors,
    /// when every non-constant factor of the denominator is one of the numerator's (a product tree of ×, unary −
    /// and constants); null otherwise.
    /// </summary>
    public static Expr? TryCancel(Expr numerator, Expr denominator)
    {
        var (numeratorScale, numeratorFactors) = Factors(numerator);
        var (denominatorScale, denominatorFactors) = Factors(denominator);
        if (denominatorScale == 0 || !double.IsFinite(numeratorScale / denominatorScale)) return null;
        foreach (var factor in denominatorFactors)
        {
            var at = numeratorFactors.IndexOf(factor);
            if (at < 0) return null;
            numeratorFactors.RemoveAt(at);
        }
        Expr quotient = new Constant(numeratorScale / denominatorScale);
        foreach (var factor in numeratorFactors) quotient = new Binary(BinaryOperator.Multiply, quotient, factor);
        return ExprSimplifier.Simplify(quotient);
    }

    /// <summary>A product flattened into a constant scale and its other factors (negations folded into the scale).</summary>
    private static (double Scale, List<Expr> Factors) Factors(Expr e)
    {
        var factors = new List<Expr>();
        var scale = 1.0;
        void Walk(Expr x)
        {
            switch (x)
            {
                case Binary { Operator: BinaryOperator.Multiply } product:
                    Walk(product.Left);
                    Walk(product.Right);
                    break;
                case Unary { Operator: UnaryOperator.Negate } negation:
                    scale = -scale;
                    Walk(negation.Operand);
                    break;
                case Constant c:
                    scale *= c.Value;
                    break;
                default:
                    factors.Add(x);
                    break;
            }
        }
        Walk(e);
        return (scale, factors);
    }
}
