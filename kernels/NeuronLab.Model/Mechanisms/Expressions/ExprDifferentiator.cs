namespace NeuronLab.Model.Mechanisms.Expressions;

/// <summary>
/// Exact symbolic derivatives of IR expressions. Let-bindings are inlined first; the result is simplified.
/// Derivatives of any order are obtained by applying <see cref="Differentiate(Expr, string)"/> repeatedly.
/// </summary>
/// <remarks>
/// Piecewise functions differentiate branch by branch (<c>min</c>, <c>max</c>, <c>abs</c> and conditionals keep
/// their conditions), so the result is the derivative almost everywhere, as automatic differentiation gives it.
/// Comparisons and logical values have derivative 0.
/// </remarks>
public static class ExprDifferentiator
{
    /// <summary>∂<paramref name="expr"/>/∂<paramref name="variable"/>, simplified.</summary>
    public static Expr Differentiate(Expr expr, string variable) =>
        ExprSimplifier.Simplify(D(ExprRewriter.InlineLets(expr), variable));

    /// <summary>The <paramref name="order"/>-th derivative with respect to <paramref name="variable"/>.</summary>
    public static Expr Differentiate(Expr expr, string variable, int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        var result = ExprSimplifier.Simplify(ExprRewriter.InlineLets(expr));
        for (var k = 0; k < order; k++) result = Differentiate(result, variable);
        return result;
    }

    private static Expr D(Expr e, string x)
    {
        switch (e)
        {
            case Constant:
                return Constant.Zero;
            case Symbol s:
                return s.Name == x ? Constant.One : Constant.Zero;
            case Comparison or Logical or Unary { Operator: UnaryOperator.Not }:
                return Constant.Zero;
            case Unary u:
            {
                var a = u.Operand;
                var da = D(a, x);
                if (da is Constant { Value: 0 }) return Constant.Zero;
                return u.Operator switch
                {
                    UnaryOperator.Negate => -da,
                    UnaryOperator.Exp => e * da,
                    UnaryOperator.Log => da / a,
                    UnaryOperator.Sqrt => da / (2.0 * e),
                    UnaryOperator.Abs => Ex.If(Ex.GreaterOrEqual(a, 0.0), da, -da),
                    UnaryOperator.Tanh => (1.0 - e * e) * da,
                    UnaryOperator.Sin => Ex.Cos_(a) * da,
                    UnaryOperator.Cos => -(Ex.Sin_(a) * da),
                    _ => throw new ArgumentOutOfRangeException(nameof(e), u.Operator, "Unknown unary operator."),
                };
            }
            case Binary b:
            {
                var (f, g) = (b.Left, b.Right);
                var (df, dg) = (D(f, x), D(g, x));
                return b.Operator switch
                {
                    BinaryOperator.Add => df + dg,
                    BinaryOperator.Subtract => df - dg,
                    BinaryOperator.Multiply => df * g + f * dg,
                    BinaryOperator.Divide => dg is Constant { Value: 0 } ? df / g : (df * g - f * dg) / (g * g),
                    BinaryOperator.Power => PowerDerivative(f, g, df, dg),
                    BinaryOperator.Min => Ex.If(Ex.LessOrEqual(f, g), df, dg),
                    BinaryOperator.Max => Ex.If(Ex.GreaterOrEqual(f, g), df, dg),
                    _ => throw new ArgumentOutOfRangeException(nameof(e), b.Operator, "Unknown binary operator."),
                };
            }
            case Conditional c:
                return new Conditional(c.Condition, D(c.WhenTrue, x), D(c.WhenFalse, x));
            case Exprelr r:
            {
                var da = D(r.Argument, x);
                return da is Constant { Value: 0 } ? Constant.Zero : new Exprelr(r.Argument, r.Order + 1) * da;
            }
            case Let:
                throw new InvalidOperationException("Let-bindings must be inlined before differentiation.");
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown expression node.");
        }
    }

    private static Expr PowerDerivative(Expr f, Expr g, Expr df, Expr dg)
    {
        if (dg is Constant { Value: 0 })
        {
            // d(f^c) = c f^(c-1) f'  (valid for negative f too when c is an integer, unlike the log form)
            return g * Ex.Pow(f, g - 1.0) * df;
        }
        // d(f^g) = f^g (g' ln f + g f'/f)
        return Ex.Pow(f, g) * (dg * Ex.Log(f) + g * df / f);
    }
}
