using System.Collections.Immutable;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;

namespace NeuronLab.Model.Nmodl;

/// <summary>
/// Lowers a parsed .mod file into a <see cref="Mechanism"/>: declarations become parameters, globals, ion uses and
/// states (with units converted to canonical), and the imperative blocks are executed symbolically.
/// </summary>
/// <remarks>
/// <para>Symbolic execution: each block keeps an environment from variable to expression. An assignment
/// <c>x = e</c> lowers <c>e</c> against the environment and records it as a new <see cref="Binding"/> (SSA: the
/// second assignment to <c>x</c> makes <c>x_1</c>); constants and bare symbols are not bound, and identical values
/// share one binding. <c>if/else</c> runs both branches from the same environment and joins every variable whose
/// value differs into a <see cref="Conditional"/>. PROCEDUREs and FUNCTIONs are inlined with their arguments and
/// LOCALs in a fresh frame (recursion is rejected).</para>
/// <para>Blocks: INITIAL starts with every state at 0 (NEURON's default) and gives each state's initial value;
/// BREAKPOINT's <c>SOLVE d METHOD m</c> runs the DERIVATIVE block <c>d</c>, whose <c>x' = e</c> give the
/// derivatives, and BREAKPOINT continues with the values it computed (so ASSIGNED values set by <c>rates(v)</c>
/// are instantaneous functions of v and the states). An ASSIGNED variable read before any assignment in the same
/// block is an error rather than a stale value.</para>
/// </remarks>
internal sealed partial class NmodlLowering
{
    private enum NameKind { Voltage, Time, Celsius, Parameter, Global, State, IonRead, Current, Assigned }

    private enum BlockKind { Initial, Breakpoint, Derivative }

    private const string CelsiusName = "celsius";
    private const double CelsiusDefault = 6.3;

    private readonly NmodlFile _file;
    private readonly NmodlUnits _units = new();
    private readonly List<NmodlDiagnostic> _diagnostics;
    private readonly Dictionary<string, NameKind> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _inputScale = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _currentIon = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NmodlCallable> _callables = new(StringComparer.Ordinal);
    private readonly List<string> _stateNames = [];
    private readonly Dictionary<string, string> _stateUnits = new(StringComparer.Ordinal);
    private readonly List<MechanismParameter> _parameters = [];
    private readonly List<MechanismGlobal> _globals = [];
    private readonly List<Binding> _bindings = [];
    private readonly Dictionary<Expr, string> _bindingByValue = [];
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal) { Mechanism.Voltage, Mechanism.Time, CelsiusName };
    private readonly HashSet<string> _notedCalls = new(StringComparer.Ordinal);
    private readonly Stack<string> _callStack = new();

    private Dictionary<string, Expr> _env = new(StringComparer.Ordinal);
    private Frame _frame = new(null);
    private BlockKind _block;
    private bool _usesCelsius;
    private StateUpdateMethod _method = StateUpdateMethod.Cnexp;
    private NmodlSolve? _solve;
    private Dictionary<string, Expr> _derivatives = new(StringComparer.Ordinal);

    private sealed class Frame(string? returnName)
    {
        public Dictionary<string, Expr?> Locals { get; set; } = new(StringComparer.Ordinal);
        public string? ReturnName { get; } = returnName;
    }

    private NmodlLowering(NmodlFile file)
    {
        _file = file;
        _diagnostics = [.. file.Diagnostics];
    }

    public static (Mechanism Mechanism, ImmutableArray<NmodlDiagnostic> Diagnostics) Lower(NmodlFile file)
    {
        var lowering = new NmodlLowering(file);
        var mechanism = lowering.Run();
        return (mechanism, [.. lowering._diagnostics]);
    }

    private Mechanism Run()
    {
        foreach (var definition in _file.Units)
        {
            try { _units.Define(definition.Name, definition.Definition); }
            catch (FormatException e) { throw new NmodlException(definition.Position, $"bad unit definition: {e.Message}"); }
        }
        foreach (var callable in _file.Callables)
        {
            if (!_callables.TryAdd(callable.Name, callable))
                throw new NmodlException(callable.Position, $"'{callable.Name}' is defined twice (first at {_callables[callable.Name].Position}).");
        }
        DeclareIons();
        DeclareParameters();
        DeclareStates();
        DeclareAssigned();

        var initial = LowerInitial();
        var currents = LowerBreakpoint();

        var states = ImmutableArray.CreateBuilder<MechanismState>();
        foreach (var name in _stateNames)
        {
            if (!_derivatives.TryGetValue(name, out var derivative))
            {
                derivative = Constant.Zero;
                _diagnostics.Add(new NmodlDiagnostic(_file.BreakpointPosition,
                    $"state '{name}' has no derivative (no {name}' = … in the SOLVEd DERIVATIVE block); it is held constant."));
            }
            states.Add(new MechanismState(name, _stateUnits[name], initial[name], derivative));
        }
        if (_usesCelsius && _globals.All(g => g.Name != CelsiusName))
            _globals.Add(new MechanismGlobal(CelsiusName, "degC", CelsiusDefault));

        var ions = _file.Ions.Select(ion => new IonUse(ion.Ion, ion.Reads, ion.Writes.Contains("i" + ion.Ion)));
        var mechanism = new Mechanism(
            _file.Suffix!, _file.IsPointProcess ? MechanismKind.Point : MechanismKind.Density,
            [.. _parameters], [.. _globals], [.. _bindings], states.ToImmutable(), currents, [.. ions], _method,
            _file.Title ?? "");
        MechanismValidator.Validate(mechanism);
        return mechanism;
    }

    private void DeclareIons()
    {
        var currentUnit = _file.IsPointProcess ? "nA" : "mA/cm2";
        foreach (var ion in _file.Ions)
        {
            foreach (var read in ion.Reads)
            {
                var expected = read == "e" + ion.Ion ? "mV"
                    : read == ion.Ion + "i" || read == ion.Ion + "o" ? "mM"
                    : read == "i" + ion.Ion ? null
                    : throw new NmodlException(ion.Position, $"USEION {ion.Ion} READ {read}: '{read}' is not a variable of ion {ion.Ion} (e{ion.Ion}, {ion.Ion}i, {ion.Ion}o).");
                if (expected is null)
                    throw new NmodlException(ion.Position, $"USEION {ion.Ion} READ i{ion.Ion}: reading the summed ion current is not supported; compute the current you need in this mechanism.");
                _kinds[read] = NameKind.IonRead;
                _taken.Add(read);
                CheckFixedUnit(read, expected);
            }
            foreach (var write in ion.Writes)
            {
                if (write != "i" + ion.Ion)
                    throw new NmodlException(ion.Position,
                        $"USEION {ion.Ion} WRITE {write}: writing ion concentrations or reversal potentials is not supported; keep a mechanism-owned concentration as a STATE (it then works as an ordinary state).");
                _kinds[write] = NameKind.Current;
                _currentIon[write] = ion.Ion;
                CheckFixedUnit(write, currentUnit);
            }
        }
        foreach (var (position, name) in _file.NonspecificCurrents)
        {
            if (_kinds.ContainsKey(name)) throw new NmodlException(position, $"'{name}' is already an ion variable.");
            _kinds[name] = NameKind.Current;
            _currentIon[name] = null;
            CheckFixedUnit(name, currentUnit);
        }
    }

    // Variables whose values cross into NEURON-defined quantities must be declared in exactly NEURON's unit.
    private void CheckFixedUnit(string name, string canonical)
    {
        var declaration = _file.Assigned.Concat(_file.Parameters).FirstOrDefault(d => d.Name == name);
        if (declaration?.Unit is not { } unit) return;
        bool same;
        try { same = _units.IsSameAs(unit, canonical); }
        catch (FormatException e) { throw new NmodlException(declaration.UnitPosition, e.Message); }
        if (!same)
            throw new NmodlException(declaration.UnitPosition,
                $"unit mismatch: '{name}' is declared in ({unit}) but must be in ({canonical}); declare it ({canonical}) and scale the expression that computes or uses it.");
    }

    private void DeclareParameters()
    {
        foreach (var p in _file.Parameters)
        {
            switch (p.Name)
            {
                case Mechanism.Voltage:
                    CheckFixedUnit(p.Name, "mV");
                    continue;
                case CelsiusName:
                    CheckFixedUnit(p.Name, "degC");
                    if (p.Value is { } c && c != CelsiusDefault)
                        _diagnostics.Add(new NmodlDiagnostic(p.Position,
                            $"celsius = {c} ignored: celsius is the simulation's temperature global (default {CelsiusDefault} degC), as in NEURON."));
                    _usesCelsius = true;
                    continue;
                case Mechanism.Time or "dt":
                    throw new NmodlException(p.Position, $"'{p.Name}' cannot be a PARAMETER; it belongs to the simulator.");
            }
            if (_kinds.TryGetValue(p.Name, out var kind))
            {
                if (kind == NameKind.IonRead) continue; // e.g. ena = 50 (mV): the simulator supplies reversal potentials
                throw new NmodlException(p.Position, $"'{p.Name}' is declared twice.");
            }
            var (unit, factor) = Canonical(p);
            var value = (p.Value ?? 0.0) * factor;
            if (factor != 1.0) _inputScale[p.Name] = 1.0 / factor;
            var isRange = _file.Range.Contains(p.Name) && !_file.Global.Contains(p.Name);
            if (isRange)
            {
                _parameters.Add(new MechanismParameter(p.Name, unit, value, p.Lower * factor, p.Upper * factor));
                _kinds[p.Name] = NameKind.Parameter;
            }
            else
            {
                _globals.Add(new MechanismGlobal(p.Name, unit, value));
                _kinds[p.Name] = NameKind.Global;
            }
            _taken.Add(p.Name);
        }
    }

    private (string Unit, double Factor) Canonical(NmodlDeclaration declaration)
    {
        if (declaration.Unit is not { } unit) return ("1", 1.0);
        try
        {
            if (_units.ToCanonical(unit) is { } canonical) return canonical;
        }
        catch (FormatException e)
        {
            throw new NmodlException(declaration.UnitPosition, $"{e.Message} Known units include mV, ms, S/cm2, mS/cm2, mho/cm2, uS/cm2, mA/cm2, um, mM, degC.");
        }
        _diagnostics.Add(new NmodlDiagnostic(declaration.UnitPosition,
            $"({unit}) has no canonical NeuronLab unit; '{declaration.Name}' is kept in ({unit}) unconverted."));
        return (unit, 1.0);
    }

    private void DeclareStates()
    {
        foreach (var s in _file.States)
        {
            if (_kinds.ContainsKey(s.Name) || s.Name is Mechanism.Voltage or Mechanism.Time or CelsiusName)
                throw new NmodlException(s.Position, $"STATE '{s.Name}' is already declared as another kind of variable.");
            if (s.Unit is { } unit)
            {
                try { _units.Parse(unit); }
                catch (FormatException e) { throw new NmodlException(s.UnitPosition, e.Message); }
            }
            _kinds[s.Name] = NameKind.State;
            _taken.Add(s.Name);
            _stateNames.Add(s.Name);
            _stateUnits[s.Name] = s.Unit ?? "1";
        }
    }

    private void DeclareAssigned()
    {
        foreach (var a in _file.Assigned)
        {
            switch (a.Name)
            {
                case Mechanism.Voltage: CheckFixedUnit(a.Name, "mV"); continue;
                case CelsiusName: CheckFixedUnit(a.Name, "degC"); _usesCelsius = true; continue;
                case Mechanism.Time: CheckFixedUnit(a.Name, "ms"); continue;
            }
            if (_kinds.TryGetValue(a.Name, out var kind))
            {
                if (kind is NameKind.IonRead or NameKind.Current) continue;
                throw new NmodlException(a.Position, $"'{a.Name}' is declared twice.");
            }
            if (a.Unit is { } unit)
            {
                try { _units.Parse(unit); }
                catch (FormatException e) { throw new NmodlException(a.UnitPosition, e.Message); }
            }
            _kinds[a.Name] = NameKind.Assigned;
        }
    }
}
