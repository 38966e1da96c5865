using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Simulation.Kernels;

/// <summary>
/// Rate functions of one mechanism often take exponentials of the same slope in V at different offsets (HH:
/// e^{−(V+40)/10}, e^{−(V+35)/10}, e^{−(V+55)/10}). Since e^{kV+b} = e^b·e^{kV}, such a group needs one exponential and
/// a multiplication each; the exponential is the step's dominant cost (an HH state update: 9 → 7).
/// </summary>
/// <remarks>
/// Applied only where it cannot overflow differently: for |V| up to <see cref="Simulator.VoltageLimit"/> every kV, b
/// and kV + b stays within ±<see cref="SafeExponent"/>, so e^{kV}, e^b and their product are finite normal numbers
/// wherever the original was. The product rounds twice (e^b and the multiplication) where e^{kV+b} rounded the
/// argument kV + b first: a few ulp either way.
/// </remarks>
internal static class ExponentialSharing
{
    /// <summary>Exponents within ±700 keep e^x a normal double (overflow at 709.8, subnormals below −708.4).</summary>
    private const double SafeExponent = 700;

    /// <summary>Each e^{kV+b} of <paramref name="roots"/> that shares its slope k with another offset, mapped to e^b·e^{kV}.</summary>
    public static IReadOnlyDictionary<Expr, Expr> Plan(IEnumerable<Expr> roots)
    {
        var affine = new Dictionary<Expr, (double Slope, double Offset)>();
        foreach (var root in roots) Collect(ExprRewriter.InlineLets(root), affine);
        var plan = new Dictionary<Expr, Expr>();
        foreach (var group in affine.GroupBy(kv => kv.Value.Slope))
        {
            if (group.Select(kv => kv.Value.Offset).Distinct().Count() < 2) continue;
            var slope = group.Key;
            var shared = new Unary(UnaryOperator.Exp, new Binary(BinaryOperator.Multiply, new Constant(slope), new Symbol(Mechanism.Voltage)));
            foreach (var (exponential, (_, offset)) in group)
                plan[exponential] = offset == 0 ? shared : new Binary(BinaryOperator.Multiply, new Constant(Math.Exp(offset)), shared);
        }
        return plan;
    }

    private static void Collect(Expr expr, Dictionary<Expr, (double, double)> affine)
    {
        if (expr is Unary { Operator: UnaryOperator.Exp } e && AffineInVoltage(e.Operand) is { } line) affine[e] = line;
        foreach (var child in ExprRewriter.Children(expr)) Collect(child, affine);
    }

    private static bool IsRational(Expr x) => x switch
    {
        Constant or Symbol => true,
        Unary { Operator: UnaryOperator.Negate } u => IsRational(u.Operand),
        Binary { Operator: BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide } b =>
            IsRational(b.Left) && IsRational(b.Right),
        _ => false,
    };

    /// <summary>(k, b) when <paramref name="x"/> = kV + b with constants k ≠ 0 and b, within the safe range; else null.</summary>
    private static (double Slope, double Offset)? AffineInVoltage(Expr x)
    {
        if (!IsRational(x)) return null; // a conditional could have equal slopes but different offsets per branch
        var symbols = ExprRewriter.FreeSymbols(x);
        if (symbols.Count != 1 || !symbols.Contains(Mechanism.Voltage)) return null;
        if (ExprSimplifier.Simplify(ExprDifferentiator.Differentiate(x, Mechanism.Voltage)) is not Constant { Value: var slope } || slope == 0) return null;
        var offset = ExprEvaluator.Evaluate(x, _ => 0.0);
        var reach = Math.Abs(slope) * Simulator.VoltageLimit;
        return double.IsFinite(offset) && reach <= SafeExponent && Math.Abs(offset) <= SafeExponent && reach + Math.Abs(offset) <= SafeExponent
            ? (slope, offset)
            : null;
    }
}
