using System.Collections.Immutable;
using System.Globalization;

namespace NeuronLab.Model.Nmodl;

/// <summary>
/// Recursive-descent parser for NeuronLab's NMODL subset. Every error is an <see cref="NmodlException"/> whose
/// message starts with <c>file:line:column</c>: "expected X, found Y" for syntax errors, and the construct's name with
/// what to write instead for unsupported constructs.
/// </summary>
public sealed partial class NmodlParser
{
    /// <summary>Top-level blocks and statements NeuronLab rejects, with the advice given in the error.</summary>
    private static readonly Dictionary<string, string> s_unsupported = new(StringComparer.Ordinal)
    {
        ["KINETIC"] = "write the scheme as ODEs in a DERIVATIVE block (x' = forward rate − backward rate) and SOLVE it with METHOD cnexp or derivimplicit",
        ["NET_RECEIVE"] = "synaptic events are not supported by mechanisms; model the synapse as a density mechanism or use a NeuronLab stimulus",
        ["VERBATIM"] = "embedded C is not supported; write the computation in NMODL statements or a FUNCTION",
        ["LINEAR"] = "write the equations as explicit assignments",
        ["NONLINEAR"] = "write the equations as explicit assignments or ODEs in a DERIVATIVE block",
        ["FUNCTION_TABLE"] = "write the function in closed form as a FUNCTION",
        ["DISCRETE"] = "write the update as ODEs in a DERIVATIVE block",
        ["PARTIAL"] = "write the equations as ODEs in a DERIVATIVE block",
        ["BEFORE"] = "move the computation into BREAKPOINT or INITIAL",
        ["AFTER"] = "move the computation into BREAKPOINT or INITIAL",
        ["CONSTRUCTOR"] = "move the computation into INITIAL",
        ["DESTRUCTOR"] = "remove it",
        ["CONSTANT"] = "declare the values in the PARAMETER block",
        ["INCLUDE"] = "paste the included text into the file",
        ["WATCH"] = "events are not supported; write a smooth condition into the equations",
        ["CONSERVE"] = "eliminate one state by hand (e.g. c = 1 − o − i) and keep the others in a DERIVATIVE block",
        ["LAG"] = "write the delay as an extra state with a DERIVATIVE",
        ["COMPARTMENT"] = "write the volumes into the equations",
        ["LONGITUDINAL_DIFFUSION"] = "longitudinal diffusion is not supported",
        ["FROM"] = "unroll the loop",
        ["WHILE"] = "unroll the loop or write a closed form",
        ["ELECTRODE_CURRENT"] = "use a NeuronLab stimulus instead",
        ["POINTER"] = "pass the value as a PARAMETER",
        ["BBCOREPOINTER"] = "pass the value as a PARAMETER",
        ["ARTIFICIAL_CELL"] = "artificial cells are not supported",
        ["EXTERNAL"] = "pass the value as a PARAMETER",
        ["STEPPED"] = "run one simulation per step value",
        ["MATCH"] = "write the steady state in the INITIAL block",
        ["SENS"] = "NeuronLab computes sensitivities itself; remove it",
        ["REPRESENTS"] = "remove it",
    };

    private static readonly HashSet<string> s_blockKeywords =
    [
        "NEURON", "UNITS", "PARAMETER", "ASSIGNED", "STATE", "INITIAL", "BREAKPOINT", "DERIVATIVE", "PROCEDURE",
        "FUNCTION", "DEFINE", "INDEPENDENT", "UNITSON", "UNITSOFF",
    ];

    private readonly string _source;
    private readonly string _fileName;
    private readonly List<Token> _tokens;
    private readonly List<NmodlDiagnostic> _diagnostics = [];
    private int _index;

    private NmodlParser(string source, string fileName)
    {
        _source = source;
        _fileName = fileName;
        _tokens = NmodlLexer.Tokenize(source, fileName);
    }

    /// <summary>Parses <paramref name="source"/> (named <paramref name="fileName"/> in messages) into a syntax tree.</summary>
    /// <exception cref="NmodlException">Syntax error or unsupported construct.</exception>
    public static NmodlFile Parse(string source, string fileName) => new NmodlParser(source, fileName).ParseFile();

    private Token Current => _tokens[_index];

    private Token Peek(int ahead = 1) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private NmodlFile ParseFile()
    {
        string? title = null, suffix = null;
        var isPoint = false;
        var suffixPosition = Current.Position;
        var ions = ImmutableArray.CreateBuilder<NmodlIonUse>();
        var nonspecific = ImmutableArray.CreateBuilder<(SourcePosition, string)>();
        var range = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var global = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var units = ImmutableArray.CreateBuilder<NmodlUnitDefinition>();
        var defines = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        var parameters = ImmutableArray.CreateBuilder<NmodlDeclaration>();
        var assigned = ImmutableArray.CreateBuilder<NmodlDeclaration>();
        var states = ImmutableArray.CreateBuilder<NmodlDeclaration>();
        var callables = ImmutableArray.CreateBuilder<NmodlCallable>();
        ImmutableArray<NmodlStatement>? initial = null, breakpoint = null;
        var breakpointPosition = Current.Position;
        var seenNeuron = false;

        while (Current.Kind != TokenKind.End)
        {
            var token = Current;
            if (token.Kind == TokenKind.Title)
            {
                title = token.Text;
                _index++;
                continue;
            }
            if (token.Kind != TokenKind.Identifier)
                throw Expected("a block keyword (NEURON, UNITS, PARAMETER, ASSIGNED, STATE, INITIAL, BREAKPOINT, DERIVATIVE, PROCEDURE, FUNCTION)");
            RejectUnsupported(token);
            switch (token.Text)
            {
                case "NEURON":
                    if (seenNeuron) throw new NmodlException(token.Position, "a second NEURON block; merge it into the first.");
                    seenNeuron = true;
                    _index++;
                    ParseNeuronBlock(ref suffix, ref isPoint, ref suffixPosition, ions, nonspecific, range, global);
                    break;
                case "UNITS":
                    _index++;
                    ParseUnitsBlock(units);
                    break;
                case "PARAMETER":
                    _index++;
                    parameters.AddRange(ParseDeclarations("PARAMETER", allowValues: true));
                    break;
                case "ASSIGNED":
                    _index++;
                    assigned.AddRange(ParseDeclarations("ASSIGNED", allowValues: false));
                    break;
                case "STATE":
                    _index++;
                    states.AddRange(ParseDeclarations("STATE", allowValues: false));
                    break;
                case "INITIAL":
                    if (initial is not null) throw new NmodlException(token.Position, "a second INITIAL block; merge it into the first.");
                    _index++;
                    initial = ParseBlock();
                    break;
                case "BREAKPOINT":
                    if (breakpoint is not null) throw new NmodlException(token.Position, "a second BREAKPOINT block; merge it into the first.");
                    breakpointPosition = token.Position;
                    _index++;
                    breakpoint = ParseBlock();
                    break;
                case "DERIVATIVE":
                    _index++;
                    var derivativeName = ExpectIdentifier("the DERIVATIVE block's name");
                    callables.Add(new NmodlCallable(token.Position, "DERIVATIVE", derivativeName.Text, [], null, ParseBlock()));
                    break;
                case "PROCEDURE" or "FUNCTION":
                    _index++;
                    callables.Add(ParseCallable(token));
                    break;
                case "DEFINE":
                    _index++;
                    var defineName = ExpectIdentifier("the DEFINE name");
                    defines[defineName.Text] = ParseSignedNumber();
                    break;
                case "INDEPENDENT":
                    _index++;
                    SkipBraces();
                    _diagnostics.Add(new NmodlDiagnostic(token.Position, "INDEPENDENT block ignored: the independent variable is always t [ms]."));
                    break;
                case "UNITSON" or "UNITSOFF":
                    _index++;
                    break;
                default:
                    throw Expected("a block keyword (NEURON, UNITS, PARAMETER, ASSIGNED, STATE, INITIAL, BREAKPOINT, DERIVATIVE, PROCEDURE, FUNCTION)");
            }
        }
        if (!seenNeuron) throw new NmodlException(new SourcePosition(_fileName, 1, 1), "no NEURON block: add NEURON { SUFFIX name … }.");
        if (suffix is null) throw new NmodlException(suffixPosition, "the NEURON block has no SUFFIX (or POINT_PROCESS) name.");
        return new NmodlFile(_fileName, title, suffix, isPoint, suffixPosition, ions.ToImmutable(), nonspecific.ToImmutable(),
            range.ToImmutable(), global.ToImmutable(), units.ToImmutable(), defines.ToImmutable(), parameters.ToImmutable(),
            assigned.ToImmutable(), states.ToImmutable(), initial, breakpoint, breakpointPosition, callables.ToImmutable(),
            [.. _diagnostics]);
    }

    private void ParseNeuronBlock(
        ref string? suffix, ref bool isPoint, ref SourcePosition suffixPosition,
        ImmutableArray<NmodlIonUse>.Builder ions, ImmutableArray<(SourcePosition, string)>.Builder nonspecific,
        ImmutableHashSet<string>.Builder range, ImmutableHashSet<string>.Builder global)
    {
        Expect("{");
        while (!Current.Is("}"))
        {
            var token = Current;
            if (token.Kind != TokenKind.Identifier) throw Expected("a NEURON block statement (SUFFIX, USEION, NONSPECIFIC_CURRENT, RANGE, GLOBAL, THREADSAFE) or '}'");
            RejectUnsupported(token);
            _index++;
            switch (token.Text)
            {
                case "SUFFIX" or "POINT_PROCESS":
                    if (suffix is not null) throw new NmodlException(token.Position, $"{token.Text}: the mechanism already has the name '{suffix}'.");
                    suffixPosition = token.Position;
                    suffix = ExpectIdentifier($"the {token.Text} name").Text;
                    isPoint = token.Text == "POINT_PROCESS";
                    break;
                case "USEION":
                    var ion = ExpectIdentifier("the ion name after USEION").Text;
                    var reads = ImmutableArray<string>.Empty;
                    var writes = ImmutableArray<string>.Empty;
                    while (true)
                    {
                        if (Current.Is("READ")) { _index++; reads = reads.AddRange(ParseNameList()); }
                        else if (Current.Is("WRITE")) { _index++; writes = writes.AddRange(ParseNameList()); }
                        else if (Current.Is("VALENCE")) { _index++; ParseSignedNumber(); }
                        else break;
                    }
                    ions.Add(new NmodlIonUse(token.Position, ion, reads, writes));
                    break;
                case "NONSPECIFIC_CURRENT":
                    foreach (var (position, name) in ParsePositionedNameList()) nonspecific.Add((position, name));
                    break;
                case "RANGE":
                    range.UnionWith(ParseNameList());
                    break;
                case "GLOBAL":
                    global.UnionWith(ParseNameList());
                    break;
                case "THREADSAFE":
                    break;
                default:
                    throw new NmodlException(token.Position,
                        $"expected a NEURON block statement (SUFFIX, USEION, NONSPECIFIC_CURRENT, RANGE, GLOBAL, THREADSAFE), found {token.Describe()}.");
            }
        }
        _index++;
    }

    private void ParseUnitsBlock(ImmutableArray<NmodlUnitDefinition>.Builder units)
    {
        Expect("{");
        while (!Current.Is("}"))
        {
            var position = Current.Position;
            if (Current.Is("("))
            {
                var name = ParseUnit()!;
                Expect("=");
                if (!Current.Is("(")) throw Expected("a unit in parentheses after '='");
                units.Add(new NmodlUnitDefinition(position, name, ParseUnit()!));
            }
            else if (Current.Kind == TokenKind.Identifier && Peek().Is("="))
            {
                throw new NmodlException(position,
                    $"named constant '{Current.Text}' in the UNITS block (e.g. FARADAY = (faraday) (coulomb)) is not supported; declare it as a PARAMETER with its value and unit.");
            }
            else throw Expected("a unit definition '(name) = (definition)' or '}'");
        }
        _index++;
    }

    private List<NmodlDeclaration> ParseDeclarations(string block, bool allowValues)
    {
        Expect("{");
        var declarations = new List<NmodlDeclaration>();
        while (!Current.Is("}"))
        {
            var nameToken = ExpectIdentifier($"a variable name in the {block} block, or '}}'");
            if (Current.Is("["))
                throw new NmodlException(Current.Position, $"array variable '{nameToken.Text}[…]' is not supported; declare one scalar per element.");
            double? value = null, lower = null, upper = null;
            if (Current.Is("="))
            {
                if (!allowValues)
                    throw new NmodlException(Current.Position, $"a value for '{nameToken.Text}' in the {block} block; give values in PARAMETER or INITIAL.");
                _index++;
                value = ParseSignedNumber();
            }
            var unitPosition = Current.Position;
            var unit = Current.Is("(") ? ParseUnit() : null;
            if (Current.Is("<"))
            {
                _index++;
                lower = ParseSignedNumber();
                Expect(",");
                upper = ParseSignedNumber();
                Expect(">");
            }
            if (block == "STATE" && Current.Is("FROM"))
            {
                _index++;
                ParseSignedNumber();
                Expect("TO");
                ParseSignedNumber();
            }
            declarations.Add(new NmodlDeclaration(nameToken.Position, nameToken.Text, value, unit, lower, upper, unitPosition));
        }
        _index++;
        return declarations;
    }

    private NmodlCallable ParseCallable(Token keyword)
    {
        var name = ExpectIdentifier($"the {keyword.Text} name");
        Expect("(");
        var arguments = ImmutableArray.CreateBuilder<NmodlArgument>();
        if (!Current.Is(")"))
        {
            while (true)
            {
                var argument = ExpectIdentifier("an argument name");
                var unit = Current.Is("(") ? ParseUnit() : null;
                arguments.Add(new NmodlArgument(argument.Position, argument.Text, unit));
                if (Current.Is(",")) { _index++; continue; }
                break;
            }
        }
        Expect(")");
        string? resultUnit = null;
        if (keyword.Text == "FUNCTION" && Current.Is("(")) resultUnit = ParseUnit();
        return new NmodlCallable(keyword.Position, keyword.Text, name.Text, arguments.ToImmutable(), resultUnit, ParseBlock());
    }

    private ImmutableArray<NmodlStatement> ParseBlock()
    {
        Expect("{");
        var statements = ImmutableArray.CreateBuilder<NmodlStatement>();
        while (!Current.Is("}"))
        {
            if (Current.Kind == TokenKind.End) throw Expected("'}'");
            ParseStatement(statements);
        }
        _index++;
        return statements.ToImmutable();
    }

    private void ParseStatement(ImmutableArray<NmodlStatement>.Builder statements)
    {
        var token = Current;
        if (token.Is("{"))
        {
            statements.AddRange(ParseBlock());
            return;
        }
        if (token.Is("~"))
            throw new NmodlException(token.Position, "reaction statement '~' is not supported (it belongs to KINETIC schemes); write the ODEs in a DERIVATIVE block.");
        if (token.Kind != TokenKind.Identifier) throw Expected("a statement");
        RejectUnsupported(token);
        switch (token.Text)
        {
            case "LOCAL":
                _index++;
                statements.Add(new NmodlLocal(token.Position, ParseNameList()));
                return;
            case "TABLE":
                _index++;
                ParseTable();
                _diagnostics.Add(new NmodlDiagnostic(token.Position,
                    "TABLE ignored: NeuronLab evaluates the rate functions exactly (to compare with NEURON, set usetable_<suffix> = 0 there)."));
                statements.Add(new NmodlTable(token.Position));
                return;
            case "SOLVE":
                _index++;
                var block = ExpectIdentifier("the name of the block to SOLVE");
                if (Current.Is("STEADYSTATE"))
                    throw new NmodlException(Current.Position, "SOLVE … STEADYSTATE is not supported; write the steady state in the INITIAL block.");
                if (!Current.Is("METHOD"))
                    throw Expected("METHOD after 'SOLVE " + block.Text + "' (NeuronLab needs an explicit method: cnexp, derivimplicit or euler)");
                _index++;
                var method = ExpectIdentifier("a method name (cnexp, derivimplicit, euler)");
                if (method.Text is not ("cnexp" or "derivimplicit" or "euler"))
                    throw new NmodlException(method.Position,
                        $"SOLVE … METHOD {method.Text} is not supported; use cnexp (gates), derivimplicit (stiff or nonlinear ODEs) or euler, with the equations in a DERIVATIVE block.");
                statements.Add(new NmodlSolve(token.Position, block.Text, method.Text));
                return;
            case "if":
                statements.Add(ParseIf());
                return;
            case "else":
                throw new NmodlException(token.Position, "'else' without a matching 'if'.");
            case "UNITSON" or "UNITSOFF":
                _index++;
                return;
        }
        _index++;
        if (Current.Is("("))
        {
            _index--;
            var call = (NmodlCall)ParsePrimary();
            statements.Add(new NmodlCallStatement(token.Position, call));
            return;
        }
        if (Current.Is("["))
            throw new NmodlException(Current.Position, $"array indexing '{token.Text}[…]' is not supported; use one scalar per element.");
        var isDerivative = false;
        if (Current.Is("'"))
        {
            _index++;
            isDerivative = true;
        }
        if (!Current.Is("=")) throw Expected(isDerivative ? "'=' after the derivative" : $"'=' or '(' after '{token.Text}'");
        _index++;
        statements.Add(new NmodlAssignment(token.Position, token.Text, isDerivative, ParseExpression()));
    }

    private NmodlIf ParseIf()
    {
        var position = Current.Position;
        _index++;
        Expect("(");
        var condition = ParseExpression();
        Expect(")");
        var then = ParseBlock();
        var otherwise = ImmutableArray<NmodlStatement>.Empty;
        if (Current.Is("else"))
        {
            _index++;
            otherwise = Current.Is("if") ? [ParseIf()] : ParseBlock();
        }
        return new NmodlIf(position, condition, then, otherwise);
    }

    // TABLE names [DEPEND names] FROM expr TO expr WITH integer
    private void ParseTable()
    {
        if (Current.Kind == TokenKind.Identifier && !Current.Is("DEPEND") && !Current.Is("FROM")) ParseNameList();
        if (Current.Is("DEPEND")) { _index++; ParseNameList(); }
        Expect("FROM");
        ParseExpression();
        Expect("TO");
        ParseExpression();
        Expect("WITH");
        ParseSignedNumber();
    }

    private string? ParseUnit()
    {
        var open = Current;
        Expect("(");
        var depth = 1;
        while (true)
        {
            if (Current.Kind == TokenKind.End) throw Expected("')' closing the unit opened at " + open.Position);
            if (Current.Is("(")) depth++;
            if (Current.Is(")") && --depth == 0) break;
            _index++;
        }
        var text = _source[open.End..Current.Start];
        _index++;
        return string.Concat(text.Where(c => !char.IsWhiteSpace(c) || c == ' ')).Trim();
    }

    private double ParseSignedNumber()
    {
        var sign = 1.0;
        if (Current.Is("-")) { sign = -1; _index++; }
        else if (Current.Is("+")) _index++;
        if (Current.Kind != TokenKind.Number) throw Expected("a number");
        var value = double.Parse(Current.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        _index++;
        return sign * value;
    }

    private ImmutableArray<string> ParseNameList() => [.. ParsePositionedNameList().Select(n => n.Name)];

    private List<(SourcePosition Position, string Name)> ParsePositionedNameList()
    {
        var names = new List<(SourcePosition, string)>();
        while (true)
        {
            var name = ExpectIdentifier("a name");
            names.Add((name.Position, name.Text));
            if (!Current.Is(",")) return names;
            _index++;
        }
    }

    private void SkipBraces()
    {
        Expect("{");
        var depth = 1;
        while (depth > 0)
        {
            if (Current.Kind == TokenKind.End) throw Expected("'}'");
            if (Current.Is("{")) depth++;
            if (Current.Is("}")) depth--;
            _index++;
        }
    }

    private void RejectUnsupported(Token token)
    {
        if (token.Kind == TokenKind.Identifier && s_unsupported.TryGetValue(token.Text, out var advice))
            throw new NmodlException(token.Position, $"{token.Text} is not supported by NeuronLab's NMODL front end: {advice}.");
    }

    private Token ExpectIdentifier(string what)
    {
        if (Current.Kind != TokenKind.Identifier) throw Expected(what);
        return _tokens[_index++];
    }

    private void Expect(string text)
    {
        if (!Current.Is(text)) throw Expected($"'{text}'");
        _index++;
    }

    private NmodlException Expected(string what) => new(Current.Position, $"expected {what}, found {Current.Describe()}.");

    internal static bool IsBlockKeyword(string word) => s_blockKeywords.Contains(word);
}
