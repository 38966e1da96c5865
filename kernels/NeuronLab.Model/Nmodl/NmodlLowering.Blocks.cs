using System.Collections.Immutable;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Model.Nmodl;

// Symbolic execution of INITIAL, BREAKPOINT, DERIVATIVE, PROCEDURE and FUNCTION bodies.
internal sealed partial class NmodlLowering
{
    private Dictionary<string, Expr> LowerInitial()
    {
        _block = BlockKind.Initial;
        _env = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var name in _stateNames) _env[name] = Constant.Zero;
        _frame = new Frame(null);
        if (_file.Initial is { } body) Execute(body);
        return _stateNames.ToDictionary(n => n, n => _env[n], StringComparer.Ordinal);
    }

    private ImmutableArray<MechanismCurrent> LowerBreakpoint()
    {
        _block = BlockKind.Breakpoint;
        _env = new Dictionary<string, Expr>(StringComparer.Ordinal);
        _frame = new Frame(null);
        if (_file.Breakpoint is { } body) Execute(body);
        var currents = ImmutableArray.CreateBuilder<MechanismCurrent>();
        foreach (var (name, ion) in _currentIon)
        {
            if (!_env.TryGetValue(name, out var density))
                throw new NmodlException(_file.BreakpointPosition,
                    $"current '{name}' is declared ({(ion is null ? "NONSPECIFIC_CURRENT" : $"USEION {ion} WRITE {name}")}) but never assigned in BREAKPOINT.");
            currents.Add(new MechanismCurrent(ion, density));
        }
        return currents.ToImmutable();
    }

    private void Execute(ImmutableArray<NmodlStatement> statements)
    {
        foreach (var statement in statements) Execute(statement);
    }

    private void Execute(NmodlStatement statement)
    {
        switch (statement)
        {
            case NmodlLocal local:
                foreach (var name in local.Names) _frame.Locals[name] = null;
                break;
            case NmodlTable:
                break; // noted by the parser

            case NmodlSolve solve:
                Solve(solve);
                break;
            case NmodlAssignment assignment:
                Assign(assignment, LowerExpression(assignment.Value));
                break;
            case NmodlCallStatement call:
                CallStatement(call.Call);
                break;
            case NmodlIf branch:
                If(branch);
                break;
            default:
                throw new NmodlException(statement.Position, $"unexpected statement {statement.GetType().Name}.");
        }
    }

    private void Solve(NmodlSolve solve)
    {
        if (_block != BlockKind.Breakpoint || _callStack.Count > 0)
            throw new NmodlException(solve.Position, "SOLVE is only allowed directly in the BREAKPOINT block.");
        if (_solve is not null)
            throw new NmodlException(solve.Position, $"a second SOLVE (the first is at {_solve.Position}); put all ODEs in one DERIVATIVE block.");
        _solve = solve;
        if (!_callables.TryGetValue(solve.Block, out var derivative))
            throw new NmodlException(solve.Position, $"SOLVE {solve.Block}: no block called '{solve.Block}'.");
        if (derivative.Kind != "DERIVATIVE")
            throw new NmodlException(solve.Position,
                $"SOLVE {solve.Block}: '{solve.Block}' is a {derivative.Kind}; SOLVE needs a DERIVATIVE block (x' = …).");
        _method = solve.Method switch
        {
            "cnexp" => StateUpdateMethod.Cnexp,
            "euler" => StateUpdateMethod.Euler,
            _ => StateUpdateMethod.Derivimplicit,
        };
        var outer = _frame;
        _frame = new Frame(null);
        _block = BlockKind.Derivative;
        _callStack.Push(derivative.Name);
        Execute(derivative.Body);
        _callStack.Pop();
        _block = BlockKind.Breakpoint;
        _frame = outer;
        foreach (var key in _env.Keys.Where(k => k.EndsWith('\'')).ToList())
        {
            _derivatives[key[..^1]] = _env[key];
            _env.Remove(key);
        }
    }

    private void Assign(NmodlAssignment assignment, Expr value)
    {
        var target = assignment.Target;
        if (assignment.IsDerivative)
        {
            if (!_kinds.TryGetValue(target, out var stateKind) || stateKind != NameKind.State || _frame.Locals.ContainsKey(target))
                throw new NmodlException(assignment.Position, $"'{target}'' = …: '{target}' is not a STATE.");
            if (_block != BlockKind.Derivative)
                throw new NmodlException(assignment.Position, $"'{target}'' = …: derivatives may only be written in the DERIVATIVE block that BREAKPOINT SOLVEs.");
            _env[target + "'"] = value;
            return;
        }
        if (_frame.Locals.ContainsKey(target))
        {
            _frame.Locals[target] = Bind(target, value);
            return;
        }
        if (!_kinds.TryGetValue(target, out var kind))
        {
            if (target is Mechanism.Voltage or Mechanism.Time or CelsiusName or "dt")
                throw new NmodlException(assignment.Position, $"'{target}' is owned by the simulator and cannot be assigned in a mechanism.");
            throw new NmodlException(assignment.Position, $"assignment to undeclared '{target}'; declare it in ASSIGNED or LOCAL.");
        }
        switch (kind)
        {
            case NameKind.Parameter or NameKind.Global:
                throw new NmodlException(assignment.Position,
                    $"assignment to PARAMETER '{target}' is not supported (parameters are inputs); compute the value in an ASSIGNED or LOCAL variable.");
            case NameKind.IonRead:
                throw new NmodlException(assignment.Position, $"'{target}' is read from the ion (USEION … READ) and cannot be assigned.");
            case NameKind.State when _block == BlockKind.Initial:
                _env[target] = Bind(target + "_init", value);
                return;
            case NameKind.State:
                throw new NmodlException(assignment.Position,
                    $"assignment to STATE '{target}' outside INITIAL is not supported; write {target}' = … in the DERIVATIVE block.");
            default:
                _env[target] = Bind(target, value);
                return;
        }
    }

    private void If(NmodlIf branch)
    {
        var condition = LowerExpression(branch.Condition);
        var (envBefore, localsBefore) = (Copy(_env), Copy(_frame.Locals));
        Execute(branch.Then);
        var (envThen, localsThen) = (_env, _frame.Locals);
        (_env, _frame.Locals) = (Copy(envBefore), Copy(localsBefore));
        Execute(branch.Else);
        var (envElse, localsElse) = (_env, _frame.Locals);

        _env = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var (key, whenTrue) in envThen)
        {
            if (!envElse.TryGetValue(key, out var whenFalse)) continue; // assigned in one branch only: undefined after
            _env[key] = whenTrue == whenFalse ? whenTrue
                : key.EndsWith('\'') ? new Conditional(condition, whenTrue, whenFalse)
                : Bind(key, new Conditional(condition, whenTrue, whenFalse));
        }
        _frame.Locals = new Dictionary<string, Expr?>(StringComparer.Ordinal);
        foreach (var (key, whenTrue) in localsThen)
        {
            if (!localsElse.TryGetValue(key, out var whenFalse)) continue; // LOCAL declared inside a branch
            _frame.Locals[key] = whenTrue is null || whenFalse is null ? null
                : whenTrue == whenFalse ? whenTrue
                : Bind(key, new Conditional(condition, whenTrue, whenFalse));
        }
    }

    private void CallStatement(NmodlCall call)
    {
        if (_callables.TryGetValue(call.Name, out var callable))
        {
            switch (callable.Kind)
            {
                case "PROCEDURE":
                    Inline(callable, call);
                    return;
                case "FUNCTION":
                    LowerExpression(call);
                    return;
                default:
                    throw new NmodlException(call.Position,
                        $"'{call.Name}' is a DERIVATIVE block; it runs through 'SOLVE {call.Name} METHOD …' in BREAKPOINT, not as a call.");
            }
        }
        throw new NmodlException(call.Position,
            IsBuiltin(call.Name)
                ? $"'{call.Name}(…)' as a statement has no effect; assign its value."
                : $"call of unknown procedure '{call.Name}'; define it as a PROCEDURE in this file.");
    }

    /// <summary>Inlines a PROCEDURE or FUNCTION; returns the FUNCTION's value (null for a PROCEDURE).</summary>
    private Expr? Inline(NmodlCallable callable, NmodlCall call)
    {
        if (_callStack.Contains(callable.Name))
            throw new NmodlException(call.Position,
                $"recursive call of {callable.Kind} '{callable.Name}' (call chain {string.Join(" → ", _callStack.Reverse().Append(callable.Name))}); NMODL calls are inlined, so recursion is not supported: write a closed form.");
        if (call.Arguments.Length != callable.Arguments.Length)
            throw new NmodlException(call.Position,
                $"'{callable.Name}' takes {callable.Arguments.Length} argument(s) but is called with {call.Arguments.Length}.");
        var arguments = call.Arguments.Select(LowerExpression).ToList();
        var outer = _frame;
        _frame = new Frame(callable.Kind == "FUNCTION" ? callable.Name : null);
        for (var i = 0; i < arguments.Count; i++)
            _frame.Locals[callable.Arguments[i].Name] = Bind(callable.Arguments[i].Name, arguments[i]);
        if (_frame.ReturnName is { } returnName) _frame.Locals[returnName] = null;
        _callStack.Push(callable.Name);
        Execute(callable.Body);
        _callStack.Pop();
        var frame = _frame;
        _frame = outer;
        if (frame.ReturnName is null) return null;
        return frame.Locals[frame.ReturnName]
            ?? throw new NmodlException(callable.Position, $"FUNCTION '{callable.Name}' does not assign its result ({callable.Name} = …) on every path.");
    }

    /// <summary>Names <paramref name="value"/> as a binding (SSA), reusing an identical one; constants and symbols stay inline.</summary>
    private Expr Bind(string baseName, Expr value)
    {
        if (value is Constant or Symbol) return value;
        if (_bindingByValue.TryGetValue(value, out var existing)) return new Symbol(existing);
        var name = baseName;
        for (var version = 1; !_taken.Add(name); version++) name = $"{baseName}_{version}";
        _bindings.Add(new Binding(name, value));
        _bindingByValue[value] = name;
        return new Symbol(name);
    }

    private static Dictionary<string, T> Copy<T>(Dictionary<string, T> source) => new(source, StringComparer.Ordinal);
}
