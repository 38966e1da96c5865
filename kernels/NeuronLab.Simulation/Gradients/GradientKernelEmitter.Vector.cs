using System.Text;
using System.Text.RegularExpressions;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;
using NeuronLab.Simulation.Kernels;
using static NeuronLab.Simulation.Kernels.KernelSourceEmitter;

namespace NeuronLab.Simulation.Gradients;

/// <summary>
/// SIMD emission of the per-step gradient hooks, the same scheme as the primal kernels
/// (<see cref="KernelSourceEmitter"/>): one <c>Vector256&lt;double&gt;</c> body over groups of 4 lanes of one instance
/// (batches &gt; 1; the last group padded with its first element) or 4 instances of the one lane (batch of 1: node rows
/// gathered and scattered through the node index). Primal subexpressions and every partial derivative are evaluated once
/// per group (uniform ones once per call) and then combined with every direction; per-direction seeds are per-instance
/// or per-node scalars, broadcast (lanes) or loaded (instances). Each element goes through the same arithmetic whatever
/// its position, so results do not depend on the block split or batch position.
/// </summary>
public static partial class GradientKernelEmitter
{
    private const string Vm = "global::NeuronLab.Simulation.Kernels.KernelVectorMath";
    private const string V256 = "Vector256<double>";
    private const string VIndent = "                ";

    /// <summary>How a group addresses memory: 4 lanes of instance i, or instances i..i+3 of lane 0.</summary>
    private sealed record Addressing(bool ByInstance)
    {
        private string Inst => ByInstance ? "i" : "ib + l";
        public string Node(string array) => ByInstance ? $"{Vm}.Gather({array}, nodes, i, c)" : $"{Vm}.Load({array}, nb + l, c)";
        public string Instance(string array) => $"{Vm}.Load({array}, {Inst}, c)";
        public string StoreInstance(string array, string value) => $"{Vm}.Store({array}, {Inst}, c, {value});";
        public string AddInstance(string array, string value) => $"{Vm}.AddTo({array}, {Inst}, c, {value});";
        /// <summary>Where the group's ṡ of direction d starts (<see cref="TangentArguments.StateIndex"/>).</summary>
        public string StateTangentIndex => ByInstance ? "d * count + i" : "(i * directions + d) * lanes + l";
        /// <summary>A node's tangent of direction d (<see cref="TangentArguments.VoltageTangent"/>): gathered, or at <c>tn</c>.</summary>
        public string NodeTangent(string array) => ByInstance ? $"{Vm}.Gather({array}, nodes, i, c, directions, d)" : $"{Vm}.Load({array}, tn, c)";
        public string AddNodeTangent(string array, string value) =>
            ByInstance ? $"{Vm}.ScatterAdd({array}, nodes, i, c, directions, d, {value});" : $"{Vm}.AddTo({array}, tn, c, {value});";
        public string StateTangent(string array) => $"{Vm}.Load({array}, ts, c)";
        public string StoreStateTangent(string array, string value) => $"{Vm}.Store({array}, ts, c, {value});";
        public string AddNode(string array, string value) =>
            ByInstance ? $"{Vm}.ScatterAdd({array}, nodes, i, c, {value});" : $"{Vm}.AddTo({array}, nb + l, c, {value});";
        /// <summary>A per-instance scalar (a field seed mask): broadcast over lanes, or 4 instances.</summary>
        public string SeedInstance(string array) => ByInstance ? $"{Vm}.Load({array}, i, c)" : $"Vector256.Create({array}[i])";
        /// <summary>A per-node scalar (an ion seed mask).</summary>
        public string SeedNode(string array) => ByInstance ? $"{Vm}.Gather({array}, nodes, i, c)" : $"Vector256.Create({array}[nodes[i]])";
    }

    /// <summary>A vector body: statements from the expression writer, with addressing-dependent pieces spliced in.</summary>
    private sealed class VectorGradientBody
    {
        private readonly List<(int At, Func<Addressing, string> Emit)> _holes = [];
        private int _copies;

        public VectorGradientBody(Mechanism m)
        {
            var globals = m.Globals.Select(g => g.Name).ToHashSet();
            Writer = new VectorExpressionWriter(Text, Preamble, SymbolName(m),
                name => name is TimeStep or Mechanism.Time || globals.Contains(name), VIndent);
        }

        public StringBuilder Text { get; } = new();
        public StringBuilder Preamble { get; } = new();
        public VectorExpressionWriter Writer { get; }

        public void Line(string statement) => Text.Append(VIndent).AppendLine(statement);

        public void Hole(Func<Addressing, string> emit) => _holes.Add((Text.Length, emit));

        /// <summary>
        /// ∂e/∂(v, states, fields, ions) as vector values; "0d" where the derivative is identically zero. A partial that is a
        /// bare state variable is copied, since the state local may be reassigned before the partial is used.
        /// </summary>
        public Partials PartialsOf(Expr e, Variables vars, bool withV = true)
        {
            string D(string symbol)
            {
                var derivative = ExprDifferentiator.Differentiate(e, symbol);
                if (derivative is Constant { Value: 0 }) return "0d";
                var text = Writer.Write(derivative);
                if (!text.StartsWith("s_", StringComparison.Ordinal)) return text;
                var copy = $"q{_copies++}";
                Line($"{V256} {copy} = {text};");
                return copy;
            }
            return new Partials(withV ? D(Mechanism.Voltage) : "0d", [.. vars.States.Select(D)], [.. vars.Fields.Select(D)], [.. vars.Ions.Select(D)]);
        }

        public string Render(Addressing a)
        {
            var sb = new StringBuilder();
            var at = 0;
            foreach (var (position, emit) in _holes)
            {
                sb.Append(Text, at, position - at);
                sb.Append(emit(a));
                at = position;
            }
            sb.Append(Text, at, Text.Length - at);
            return sb.ToString();
        }
    }

    /// <summary>
    /// Emits a hook whose body runs once per group of 4, on both addressings; <paramref name="prologue"/> runs once per call.
    /// With <paramref name="checkStates"/> the body's <c>finite</c> verdict on the states it stores is reported in
    /// <see cref="Kernels.KernelArguments.StatesFinite"/>, as the primal AdvanceState does.
    /// </summary>
    private static void EmitVectorHook(StringBuilder sb, string method, Mechanism m, string extraParameters, string prologue, Action<VectorGradientBody> build,
        bool checkStates = false)
    {
        var body = new VectorGradientBody(m);
        build(body);
        var reads = m.IonReads.ToList();
        // The two loops are two methods, each compiled and register-allocated on its own (measured: P = 12 about 5 %
        // faster in four A/B pairs, P = 1 and reverse mode unchanged).
        var argument = extraParameters.Split(' ')[^1];
        sb.AppendLine($"    public override void {method}(global::NeuronLab.Simulation.Kernels.KernelArguments a{extraParameters})");
        sb.AppendLine("    {");
        sb.AppendLine($"        if (a.Lanes == 1) {method}ByInstance(a, {argument});");
        sb.AppendLine($"        else {method}ByLane(a, {argument});");
        sb.AppendLine("    }");
        foreach (var byInstance in new[] { true, false })
        {
            sb.AppendLine("    [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
            sb.AppendLine($"    private void {method}{(byInstance ? "ByInstance" : "ByLane")}(global::NeuronLab.Simulation.Kernels.KernelArguments a{extraParameters})");
            sb.AppendLine("    {");
            EmitArgumentLocals(sb, m);
            sb.Append(prologue);
            sb.Append(body.Preamble);
            if (checkStates) sb.AppendLine($"        {V256} finite = {V256}.AllBitsSet;");
            if (byInstance)
            {
                EmitInstanceGroups(sb, () => EmitVectorGroup(sb, m, reads, body, new Addressing(ByInstance: true)));
            }
            else
            {
                EmitLaneGroups(sb, () => EmitVectorGroup(sb, m, reads, body, new Addressing(ByInstance: false)));
            }
            if (checkStates) sb.AppendLine($"        a.StatesFinite = {Vm}.AllSet(finite);");
            sb.AppendLine("    }");
        }
    }

    private static void EmitVectorGroup(StringBuilder sb, Mechanism m, List<string> reads, VectorGradientBody body, Addressing a)
    {
        var text = body.Render(a);
        bool Reads(string local) => Regex.IsMatch(text, $@"\b{local}\b");
        if (Reads("v")) sb.AppendLine($"{VIndent}{V256} v = {a.Node("vv")};");
        for (var k = 0; k < m.Parameters.Length; k++)
            if (Reads($"p_{Sanitize(m.Parameters[k].Name)}")) sb.AppendLine($"{VIndent}{V256} p_{Sanitize(m.Parameters[k].Name)} = {a.Instance($"P{k}")};");
        for (var k = 0; k < reads.Count; k++)
            if (Reads($"e_{Sanitize(reads[k])}")) sb.AppendLine($"{VIndent}{V256} e_{Sanitize(reads[k])} = {a.Node($"E{k}")};");
        for (var k = 0; k < m.States.Length; k++)
            if (Reads($"s_{Sanitize(m.States[k].Name)}")) sb.AppendLine($"{VIndent}{V256} s_{Sanitize(m.States[k].Name)} = {a.Instance($"S{k}")};");
        sb.Append(text);
    }

    /// <summary>Σ partial · x as a vector expression (terms in the order v, states, then the caller's seed terms), or zero.</summary>
    private static string Sum(IEnumerable<string> terms)
    {
        var list = terms.ToList();
        return list.Count == 0 ? $"{V256}.Zero" : string.Join(" + ", list);
    }

    /// <summary>
    /// One loop over directions: loads V̇ (node) and ṡ (instance) of direction d as <c>xv</c>, <c>x0</c>…, runs
    /// <paramref name="emit"/>, whose text may use <c>xv</c>, <c>xK</c>, <c>ts</c> and <c>tn</c> (where ṡ and the node tangents of d are), <c>d</c> (and the seeds through
    /// <see cref="SeedTerms"/>).
    /// </summary>
    private static string DirectionLoop(Addressing a, Mechanism m, bool loadV, bool[] loadStates, Func<Addressing, string> emit)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{VIndent}for (int d = 0; d < directions; d++)");
        sb.AppendLine($"{VIndent}{{");
        sb.AppendLine($"{VIndent}    int ts = {a.StateTangentIndex}; long sm = seedMasks[d];");
        if (!a.ByInstance) sb.AppendLine($"{VIndent}    int tn = (nodes[i] * directions + d) * lanes + l;");
        if (loadV) sb.AppendLine($"{VIndent}    {V256} xv = {a.NodeTangent("TV")};");
        for (var k = 0; k < m.States.Length; k++)
            if (loadStates[k]) sb.AppendLine($"{VIndent}    {V256} x{k} = {a.StateTangent($"T{k}")};");
        sb.Append(emit(a));
        sb.AppendLine($"{VIndent}}}");
        return sb.ToString();
    }

    /// <summary>
    /// Statements adding the field and ion seed terms of <paramref name="p"/> (direction d) to <paramref name="target"/>,
    /// each behind its bit of the direction's seed mask (<see cref="TangentArguments.SeedMask"/>); a mechanism with more
    /// than 63 fields and ion reads tests each seed for null instead.
    /// </summary>
    private static string SeedTerms(Addressing a, Partials p, Variables vars, string target)
    {
        var sb = new StringBuilder();
        var byMask = vars.Fields.Count + vars.Ions.Count <= 63;
        string Seeded(string array, int bit) => byMask ? $"(sm & {1L << bit}L) != 0" : $"{array} != null";
        for (var j = 0; j < vars.Fields.Count; j++)
            if (p.Fields[j] != "0d") sb.AppendLine($"{VIndent}        if ({Seeded($"fs[{j}]", j)}) {target} += {p.Fields[j]} * {a.SeedInstance($"fs[{j}]!")};");
        for (var j = 0; j < vars.Ions.Count; j++)
            if (p.Ions[j] != "0d") sb.AppendLine($"{VIndent}        if ({Seeded($"es[{j}]", vars.Fields.Count + j)}) {target} += {p.Ions[j]} * {a.SeedNode($"es[{j}]!")};");
        if (sb.Length == 0) return "";
        return $"{VIndent}    if (sm != 0)\n{VIndent}    {{\n{VIndent}        double[]?[] fs = tfs[d]; double[]?[] es = tes[d];\n{sb}{VIndent}    }}\n";
    }
}
