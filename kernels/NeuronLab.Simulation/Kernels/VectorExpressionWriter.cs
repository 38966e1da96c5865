using System.Text;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Simulation.Kernels;

/// <summary>
/// Writes IR expressions as <c>Vector256&lt;double&gt;</c> statements with common-subexpression elimination.
/// Subexpressions that depend only on uniform symbols (globals, dt, time, constants) are hoisted: computed once per call
/// as scalars in the preamble and broadcast (e.g. HH's <c>q10 = 3^((celsius − 6.3)/10)</c>), so they cost nothing per
/// instance and lane.
/// </summary>
internal sealed class VectorExpressionWriter : ExpressionWriter
{
    private const string Vm = "global::NeuronLab.Simulation.Kernels.KernelVectorMath";
    private readonly StringBuilder _preamble;
    private readonly Func<string, string> _symbolName;
    private readonly Func<string, bool> _isUniform;
    private readonly CSharpExpressionWriter _uniform;
    private readonly Dictionary<Expr, string> _broadcast = [];
    private IReadOnlyDictionary<Expr, Expr> _sharedExponentials = new Dictionary<Expr, Expr>();

    public VectorExpressionWriter(StringBuilder output, StringBuilder preamble, Func<string, string> symbolName, Func<string, bool> isUniform, string indent)
        : base(output, indent, "t")
    {
        _preamble = preamble;
        _symbolName = symbolName;
        _isUniform = isUniform;
        _uniform = new CSharpExpressionWriter(preamble, symbolName, "        ", "u");
    }

    /// <summary>Writes exponentials of the same slope in V through one (see <see cref="ExponentialSharing"/>) for these roots.</summary>
    public void ShareExponentials(IEnumerable<Expr> roots) => _sharedExponentials = ExponentialSharing.Plan(roots);

    protected override string TypeName => "Vector256<double>";

    protected override string Literal(double value) => $"Vector256.Create({CSharpExpressionWriter.CSharpLiteral(value)})";

    protected override string SymbolValue(string name) => _symbolName(name);

    protected override string? Known(Expr expr) => _broadcast.GetValueOrDefault(expr);

    /// <summary>Uniform subexpressions: a scalar in the preamble, broadcast once.</summary>
    protected override string? Elsewhere(Expr expr)
    {
        if (!ExprRewriter.FreeSymbols(expr).All(_isUniform)) return null;
        var scalar = _uniform.Write(expr);
        var name = $"U{_broadcast.Count}";
        _preamble.Append("        Vector256<double> ").Append(name).Append(" = Vector256.Create(").Append(scalar).AppendLine(");");
        _broadcast[expr] = name;
        return name;
    }

    protected override string Node(Expr expr) => expr switch
    {
        // x / c as x · (1/c): a multiply instead of a divide (≤ 1 ulp apart; exact when c is a power of two).
        Binary { Operator: BinaryOperator.Divide, Right: Constant { Value: var c } } b when c != 0 && double.IsFinite(1.0 / c) =>
            $"{Write(b.Left)} * {Literal(1.0 / c)}",
        Unary { Operator: UnaryOperator.Exp } e when _sharedExponentials.TryGetValue(e, out var shared) => Write(shared),
        // The exponential of exprelr's argument as its own (shared) temporary: a rate's exprelr and its derivative in a
        // gradient hook then compute it once.
        Exprelr { Order: 0 or 1 } r => $"{Vm}.Exprelr({Write(r.Argument)}, {Write(new Unary(UnaryOperator.Exp, r.Argument))}, {r.Order})",
        _ => base.Node(expr),
    };

    protected override string Unary(UnaryOperator op, string x) => op switch
    {
        UnaryOperator.Negate => $"(-{x})",
        UnaryOperator.Not => $"{Vm}.Not({x})",
        UnaryOperator.Exp => $"{Vm}.Exp({x})",
        UnaryOperator.Log => $"Vector256.Log({x})",
        UnaryOperator.Sqrt => $"Vector256.Sqrt({x})",
        UnaryOperator.Abs => $"Vector256.Abs({x})",
        UnaryOperator.Tanh => $"{Vm}.Tanh({x})",
        UnaryOperator.Sin => $"{Vm}.Sin({x})",
        UnaryOperator.Cos => $"{Vm}.Cos({x})",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    protected override string Binary(BinaryOperator op, string a, string b) => op switch
    {
        BinaryOperator.Add => $"{a} + {b}",
        BinaryOperator.Subtract => $"{a} - {b}",
        BinaryOperator.Multiply => $"{a} * {b}",
        BinaryOperator.Divide => $"{a} / {b}",
        BinaryOperator.Power => $"{Vm}.Pow({a}, {b})",
        BinaryOperator.Min => $"Vector256.Min({a}, {b})",
        BinaryOperator.Max => $"Vector256.Max({a}, {b})",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    protected override string Comparison(ComparisonOperator op, string a, string b) => $"{Vm}.Indicator(" + (op switch
    {
        ComparisonOperator.Less => $"Vector256.LessThan({a}, {b})",
        ComparisonOperator.LessOrEqual => $"Vector256.LessThanOrEqual({a}, {b})",
        ComparisonOperator.Greater => $"Vector256.GreaterThan({a}, {b})",
        ComparisonOperator.GreaterOrEqual => $"Vector256.GreaterThanOrEqual({a}, {b})",
        ComparisonOperator.Equal => $"Vector256.Equals({a}, {b})",
        _ => $"~Vector256.Equals({a}, {b})",
    }) + ")";

    protected override string Logical(LogicalOperator op, string a, string b) => $"{Vm}.{(op == LogicalOperator.And ? "And" : "Or")}({a}, {b})";

    protected override string Conditional(string condition, string whenTrue, string whenFalse) => $"{Vm}.Select({condition}, {whenTrue}, {whenFalse})";

    protected override string Exprelr(string x, int order) => $"{Vm}.Exprelr({x}, {order})";
}
