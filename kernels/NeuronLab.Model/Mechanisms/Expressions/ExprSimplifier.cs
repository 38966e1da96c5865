namespace NeuronLab.Model.Mechanisms.Expressions;

/// <summary>
/// Bottom-up algebraic simplification: constant folding and the identities that symbolic differentiation
/// produces in bulk (x+0, x·1, x·0, x^1, −(−x), conditionals with a constant condition or equal branches), and the
/// reciprocal chains that inf/tau gates produce (a/(1/b) → a·b, ±w/(w·w) → ±1/w): a cnexp gate written with
/// τ = 1/(q·(α+β)) otherwise costs six divisions per step, where three suffice.
/// The result is mathematically equal to the input wherever the input is finite.
/// </summary>
public static class ExprSimplifier
{
    public static Expr Simplify(Expr expr)
    {
        var e = ExprRewriter.MapChildren(expr, Simplify);
        return e switch
        {
            Unary u => SimplifyUnary(u),
            Binary b => SimplifyBinary(b),
            Comparison { Left: Constant a, Right: Constant b } c =>
                ExprEvaluator.Apply(c.Operator, a.Value, b.Value) ? Constant.One : Constant.Zero,
            Logical { Left: Constant a, Right: Constant b } l =>
                ExprEvaluator.Evaluate(l, _ => 0.0) is var v ? new Constant(v) : l,
            Conditional { Condition: Constant c } cond => c.Value != 0 ? cond.WhenTrue : cond.WhenFalse,
            Conditional cond when cond.WhenTrue == cond.WhenFalse => cond.WhenTrue,
            Exprelr { Argument: Constant a } r => Fold(r, Numerics.Exprelr.Derivative(a.Value, r.Order)),
            _ => e,
        };
    }

    private static Expr SimplifyUnary(Unary u)
    {
        if (u.Operand is Constant c) return Fold(u, ExprEvaluator.Apply(u.Operator, c.Value));
        if (u.Operator == UnaryOperator.Negate && u.Operand is Unary { Operator: UnaryOperator.Negate } inner)
            return inner.Operand;
        return u;
    }

    private static Expr SimplifyBinary(Binary b)
    {
        var (l, r) = (b.Left, b.Right);
        if (l is Constant cl && r is Constant cr) return Fold(b, ExprEvaluator.Apply(b.Operator, cl.Value, cr.Value));
        switch (b.Operator)
        {
            case BinaryOperator.Add:
                if (IsZero(l)) return r;
                if (IsZero(r)) return l;
                if (r is Unary { Operator: UnaryOperator.Negate } nr) return SimplifyBinary(new Binary(BinaryOperator.Subtract, l, nr.Operand));
                if (r is Constant { Value: < 0 } negative) return new Binary(BinaryOperator.Subtract, l, new Constant(-negative.Value));
                break;
            case BinaryOperator.Subtract:
                if (IsZero(r)) return l;
                if (IsZero(l)) return SimplifyUnary(new Unary(UnaryOperator.Negate, r));
                if (l == r) return Constant.Zero;
                if (r is Unary { Operator: UnaryOperator.Negate } nr2) return new Binary(BinaryOperator.Add, l, nr2.Operand);
                break;
            case BinaryOperator.Multiply:
                if (IsZero(l) || IsZero(r)) return Constant.Zero;
                if (IsOne(l)) return r;
                if (IsOne(r)) return l;
                if (l is Constant { Value: -1 }) return SimplifyUnary(new Unary(UnaryOperator.Negate, r));
                if (r is Constant { Value: -1 }) return SimplifyUnary(new Unary(UnaryOperator.Negate, l));
                if (r is Constant && l is not Constant) return SimplifyBinary(new Binary(BinaryOperator.Multiply, r, l));
                if (l is Constant c1 && r is Binary { Operator: BinaryOperator.Multiply, Left: Constant c2 } rm)
                    return SimplifyBinary(new Binary(BinaryOperator.Multiply, new Constant(c1.Value * c2.Value), rm.Right));
                break;
            case BinaryOperator.Divide:
                if (IsZero(l)) return Constant.Zero;
                if (IsOne(r)) return l;
                if (l == r) return Constant.One;
                if (r is Binary { Operator: BinaryOperator.Divide } reciprocal && IsOne(reciprocal.Left))
                    return SimplifyBinary(new Binary(BinaryOperator.Multiply, l, reciprocal.Right));
                if (r is Binary { Operator: BinaryOperator.Multiply } square && square.Left == square.Right)
                {
                    if (l == square.Left) return SimplifyBinary(new Binary(BinaryOperator.Divide, Constant.One, l));
                    if (l is Unary { Operator: UnaryOperator.Negate } negated && negated.Operand == square.Left)
                        return SimplifyUnary(new Unary(UnaryOperator.Negate, SimplifyBinary(new Binary(BinaryOperator.Divide, Constant.One, negated.Operand))));
                }
                break;
            case BinaryOperator.Power:
                if (IsOne(r)) return l;
                if (IsZero(r)) return Constant.One;
                if (IsOne(l)) return Constant.One;
                break;
            case BinaryOperator.Min or BinaryOperator.Max:
                if (l == r) return l;
                break;
        }
        return b;
    }

    private static bool IsZero(Expr e) => e is Constant { Value: 0 };
    private static bool IsOne(Expr e) => e is Constant { Value: 1 };

    // Keeps the original node when folding would hide a domain error (log(−1), 1/0) behind a NaN or infinity.
    private static Expr Fold(Expr original, double value) => double.IsFinite(value) ? new Constant(value) : original;
}
