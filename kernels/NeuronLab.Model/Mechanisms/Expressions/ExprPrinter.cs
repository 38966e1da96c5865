using System.Text;

namespace NeuronLab.Model.Mechanisms.Expressions;

/// <summary>Prints expressions in a readable infix syntax (the one the tests and error messages show).</summary>
public static class ExprPrinter
{
    public static string Print(Expr expr)
    {
        var sb = new StringBuilder();
        Write(sb, expr);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Expr expr)
    {
        switch (expr)
        {
            case Constant c:
                sb.Append(c.Value < 0 ? $"({Ex.Format(c.Value)})" : Ex.Format(c.Value));
                break;
            case Symbol s:
                sb.Append(s.Name);
                break;
            case Unary { Operator: UnaryOperator.Negate } u:
                sb.Append("(-"); Write(sb, u.Operand); sb.Append(')');
                break;
            case Unary { Operator: UnaryOperator.Not } u:
                sb.Append("(!"); Write(sb, u.Operand); sb.Append(')');
                break;
            case Unary u:
                sb.Append(u.Operator.ToString().ToLowerInvariant()).Append('('); Write(sb, u.Operand); sb.Append(')');
                break;
            case Binary { Operator: BinaryOperator.Power or BinaryOperator.Min or BinaryOperator.Max } b:
                sb.Append(b.Operator switch { BinaryOperator.Power => "pow", BinaryOperator.Min => "min", _ => "max" });
                sb.Append('('); Write(sb, b.Left); sb.Append(", "); Write(sb, b.Right); sb.Append(')');
                break;
            case Binary b:
                sb.Append('('); Write(sb, b.Left);
                sb.Append(b.Operator switch
                {
                    BinaryOperator.Add => " + ", BinaryOperator.Subtract => " - ",
                    BinaryOperator.Multiply => " * ", _ => " / ",
                });
                Write(sb, b.Right); sb.Append(')');
                break;
            case Comparison c:
                sb.Append('('); Write(sb, c.Left);
                sb.Append(c.Operator switch
                {
                    ComparisonOperator.Less => " < ", ComparisonOperator.LessOrEqual => " <= ",
                    ComparisonOperator.Greater => " > ", ComparisonOperator.GreaterOrEqual => " >= ",
                    ComparisonOperator.Equal => " == ", _ => " != ",
                });
                Write(sb, c.Right); sb.Append(')');
                break;
            case Logical l:
                sb.Append('('); Write(sb, l.Left); sb.Append(l.Operator == LogicalOperator.And ? " && " : " || ");
                Write(sb, l.Right); sb.Append(')');
                break;
            case Conditional c:
                sb.Append('('); Write(sb, c.Condition); sb.Append(" ? "); Write(sb, c.WhenTrue);
                sb.Append(" : "); Write(sb, c.WhenFalse); sb.Append(')');
                break;
            case Exprelr e:
                sb.Append(e.Order == 0 ? "exprelr(" : $"exprelr_d{e.Order}("); Write(sb, e.Argument); sb.Append(')');
                break;
            case Let l:
                sb.Append("(let ").Append(l.Name).Append(" = "); Write(sb, l.Value); sb.Append(" in ");
                Write(sb, l.Body); sb.Append(')');
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(expr), expr.GetType().Name, "Unknown expression node.");
        }
    }
}
