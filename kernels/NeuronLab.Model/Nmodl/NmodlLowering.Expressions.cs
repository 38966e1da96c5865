using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Model.Nmodl;

// Expressions: names are looked up in the current frame, the block environment and the declarations.
internal sealed partial class NmodlLowering
{
    private static readonly HashSet<string> s_builtins =
        ["exp", "log", "log10", "fabs", "sqrt", "tanh", "sin", "cos", "pow", "exprelr"];

    // User FUNCTIONs with these names are x/(exp(x) − 1) with a guard at 0 (so that NEURON can compile the file);
    // NeuronLab lowers them to the exact Exprelr node.
    private static readonly HashSet<string> s_exprelrFunctions = ["exprelr", "xoverexpm1"];

    private static bool IsBuiltin(string name) => s_builtins.Contains(name);

    private Expr LowerExpression(NmodlExpression expression) => expression switch
    {
        NmodlNumber n => new Constant(n.Value),
        NmodlName n => Lookup(n.Name, n.Position),
        NmodlUnary { Operator: "-" } u => new Unary(UnaryOperator.Negate, LowerExpression(u.Operand)),
        NmodlUnary u => new Unary(UnaryOperator.Not, LowerExpression(u.Operand)),
        NmodlBinary b => LowerBinary(b),
        NmodlCall c => LowerCall(c),
        _ => throw new NmodlException(expression.Position, $"unexpected expression {expression.GetType().Name}."),
    };

    private Expr LowerBinary(NmodlBinary b)
    {
        var left = LowerExpression(b.Left);
        var right = LowerExpression(b.Right);
        return b.Operator switch
        {
            "+" => new Binary(BinaryOperator.Add, left, right),
            "-" => new Binary(BinaryOperator.Subtract, left, right),
            "*" => new Binary(BinaryOperator.Multiply, left, right),
            "/" => new Binary(BinaryOperator.Divide, left, right),
            "^" => new Binary(BinaryOperator.Power, left, right),
            "<" => new Comparison(ComparisonOperator.Less, left, right),
            "<=" => new Comparison(ComparisonOperator.LessOrEqual, left, right),
            ">" => new Comparison(ComparisonOperator.Greater, left, right),
            ">=" => new Comparison(ComparisonOperator.GreaterOrEqual, left, right),
            "==" => new Comparison(ComparisonOperator.Equal, left, right),
            "!=" => new Comparison(ComparisonOperator.NotEqual, left, right),
            "&&" => new Logical(LogicalOperator.And, left, right),
            "||" => new Logical(LogicalOperator.Or, left, right),
            _ => throw new NmodlException(b.Position, $"operator '{b.Operator}' is not supported."),
        };
    }

    private Expr LowerCall(NmodlCall call)
    {
        if (_callables.TryGetValue(call.Name, out var callable))
        {
            if (callable.Kind == "FUNCTION" && s_exprelrFunctions.Contains(callable.Name) && callable.Arguments.Length == 1)
            {
                if (_notedCalls.Add(callable.Name))
                    _diagnostics.Add(new NmodlDiagnostic(callable.Position,
                        $"FUNCTION {callable.Name}(x) is taken to be x/(exp(x) - 1) and lowered to the exact exprelr node (its body, which guards x = 0 for NEURON, is not used)."));
                return new Exprelr(Single(call));
            }
            if (callable.Kind != "FUNCTION")
                throw new NmodlException(call.Position,
                    $"'{call.Name}' is a {callable.Kind}, which has no value; call it as a statement or make it a FUNCTION.");
            return Inline(callable, call)!;
        }
        switch (call.Name)
        {
            case "exp": return new Unary(UnaryOperator.Exp, Single(call));
            case "log": return new Unary(UnaryOperator.Log, Single(call));
            case "log10": return new Binary(BinaryOperator.Divide, new Unary(UnaryOperator.Log, Single(call)), new Constant(Math.Log(10)));
            case "fabs": return new Unary(UnaryOperator.Abs, Single(call));
            case "sqrt": return new Unary(UnaryOperator.Sqrt, Single(call));
            case "tanh": return new Unary(UnaryOperator.Tanh, Single(call));
            case "sin": return new Unary(UnaryOperator.Sin, Single(call));
            case "cos": return new Unary(UnaryOperator.Cos, Single(call));
            case "exprelr": return new Exprelr(Single(call));
            case "pow":
                if (call.Arguments.Length != 2)
                    throw new NmodlException(call.Position, $"pow takes 2 arguments but is called with {call.Arguments.Length}.");
                return new Binary(BinaryOperator.Power, LowerExpression(call.Arguments[0]), LowerExpression(call.Arguments[1]));
            default:
                throw new NmodlException(call.Position,
                    $"unknown function '{call.Name}'; define it as a FUNCTION in this file (built in: {string.Join(", ", s_builtins.Order(StringComparer.Ordinal))}).");
        }
    }

    private Expr Single(NmodlCall call)
    {
        if (call.Arguments.Length != 1)
            throw new NmodlException(call.Position, $"{call.Name} takes 1 argument but is called with {call.Arguments.Length}.");
        return LowerExpression(call.Arguments[0]);
    }

    private Expr Lookup(string name, SourcePosition position)
    {
        if (_frame.Locals.TryGetValue(name, out var local))
            return local ?? throw new NmodlException(position,
                name == _frame.ReturnName
                    ? $"FUNCTION result '{name}' is read before it is assigned."
                    : $"LOCAL '{name}' is read before it is assigned.");
        if (_file.Defines.TryGetValue(name, out var defined)) return new Constant(defined);
        switch (name)
        {
            case Mechanism.Voltage: return new Symbol(name);
            case Mechanism.Time: return new Symbol(name);
            case CelsiusName:
                _usesCelsius = true;
                return new Symbol(name);
            case "dt":
                throw new NmodlException(position, "'dt' is not available to NeuronLab mechanisms (the solver owns the time step); write the dynamics as ODEs in a DERIVATIVE block.");
        }
        if (!_kinds.TryGetValue(name, out var kind))
            throw new NmodlException(position, $"undeclared name '{name}'; declare it in PARAMETER, ASSIGNED, STATE or LOCAL.");
        switch (kind)
        {
            case NameKind.Parameter or NameKind.Global:
                return _inputScale.TryGetValue(name, out var scale)
                    ? new Binary(BinaryOperator.Multiply, new Constant(scale), new Symbol(name))
                    : new Symbol(name);
            case NameKind.IonRead:
                return new Symbol(name);
            case NameKind.State:
                return _env.TryGetValue(name, out var stateValue) ? stateValue : new Symbol(name);
            default:
                return _env.TryGetValue(name, out var value)
                    ? value
                    : throw new NmodlException(position,
                        $"'{name}' is read before it is assigned in {BlockName()}; NeuronLab lowers each block on its own, so compute it first in this block (e.g. call the PROCEDURE that sets it).");
        }
    }

    private string BlockName() => _block switch
    {
        BlockKind.Initial => "INITIAL",
        BlockKind.Breakpoint => "BREAKPOINT",
        _ => $"DERIVATIVE {_solve?.Block}",
    };
}
