using NeuronLab.Model.Cells;
using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Stimuli;
using NeuronLab.Numerics.Ode;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Ode;

/// <summary>
/// A lowered cell as one ODE system, y = [V per node, then every mechanism instance's states], optionally augmented with
/// the forward sensitivities S_q = dy/dθ_q (q = 0..P−1) stored after y: dS_q/dt = J·S_q + ∂f/∂θ_q, with J and ∂f/∂θ from
/// the generated symbolic derivatives. Units: V [mV], t [ms], area A [µm²], G [µS], currents [nA], C = cm·A·1e-5 [nF]:
/// C dV/dt = −0.01·A·Σi_mech − Σ_nbr G(V − V_nbr) + I_stim.
/// One instance serves one lane at a time (<see cref="SetLane"/>); not thread-safe.
/// </summary>
internal sealed class CellOdeSystem : IOdeSystem
{
    private sealed class MechanismBlock
    {
        public required OdeMechanismKernel Kernel;
        public required int States;
        public required int ParameterCount;
        public required int[] Nodes;
        public required int[] Offsets;          // first state component of each instance
        public required double[][] Defaults;     // [instance][parameter], canonical units
        public required double[][] Parameters;   // [instance][parameter] for the current lane
        public required double[][] IonReads;     // [instance][read] [mV]
        public required double[] Globals;
        public required int[][] SeedField;       // [q][instance] → parameter field set by θ_q, or −1
        public required double[][] Jacobians;    // [instance][(1+nS)·(1+nS+nP)]
    }

    private readonly LoweredCell _cell;
    private readonly int _nodes;
    private readonly int[] _parent;
    private readonly double[] _axial;           // [µS] to the parent
    private readonly double[] _areaFactor;      // 0.01·A: mA/cm² → nA
    private readonly double[] _defaultCm;       // [µF/cm²]
    private readonly double[] _cm;              // [µF/cm²] current lane
    private readonly double[] _capacitance;     // [nF] current lane
    private readonly MechanismBlock[] _mechanisms;
    private readonly IReadOnlyList<string> _parameters;
    private readonly IReadOnlyList<ParameterDefinition> _definitions;
    private readonly int[][] _capacitanceSeed;  // [q] → nodes whose cm θ_q sets
    private readonly double[] _current;         // [mA/cm²] per node
    private readonly double[] _stimulus;        // [nA] per node
    private readonly double[] _sensitivityCurrent;
    private (int Node, Waveform Waveform, double Gain, bool PiecewiseConstant)[] _stimuli = [];
    private double[] _breakpoints = [];
    private double[][] _segmentValues = [];     // [segment][stimulus] [nA], for piecewise-constant waveforms when clipping
    private bool _clip;

    public CellOdeSystem(LoweredCell cell, IReadOnlyList<string> sensitivityParameters)
    {
        if (cell.Nodes.Any(n => n.Kind == NodeKind.Junction))
            throw new NotSupportedException("The ODE path needs membrane on every node; this cell has zero-area junction nodes (a morphology with forks). Use the fixed-step simulator, or describe the cell as a compartment graph.");
        _cell = cell;
        _nodes = cell.NodeCount;
        _parent = [.. cell.Parent];
        _axial = [.. cell.AxialConductance];
        _areaFactor = [.. cell.Area.Select(a => 0.01 * a)];
        _defaultCm = [.. cell.MembraneCapacitance];
        _cm = [.. _defaultCm];
        _capacitance = new double[_nodes];
        _current = new double[_nodes];
        _stimulus = new double[_nodes];
        _sensitivityCurrent = new double[_nodes];
        _parameters = sensitivityParameters;
        _definitions = cell.Description.Parameters;
        foreach (var name in sensitivityParameters) _ = cell.Description.Parameter(name);

        var offset = _nodes;
        var blocks = new List<MechanismBlock>();
        foreach (var instances in cell.Mechanisms)
        {
            var m = instances.Mechanism;
            if (m.Kind != MechanismKind.Density)
                throw new NotSupportedException($"Mechanism '{m.Name}' is a point process; the ODE path supports density mechanisms only.");
            var count = instances.Nodes.Length;
            var offsets = new int[count];
            for (var i = 0; i < count; i++) { offsets[i] = offset; offset += m.States.Length; }
            var reads = m.IonReads.ToList();
            var ions = new double[count][];
            for (var i = 0; i < count; i++)
            {
                ions[i] = new double[reads.Count];
                for (var r = 0; r < reads.Count; r++)
                {
                    var read = reads[r];
                    if (!(read.Length > 1 && read[0] == 'e' && cell.ReversalPotentials.TryGetValue(read[1..], out var values)))
                        throw new NotSupportedException($"Mechanism '{m.Name}' reads ion variable '{read}'; only reversal potentials are supplied.");
                    ions[i][r] = values[instances.Nodes[i]];
                }
            }
            var defaults = new double[count][];
            for (var i = 0; i < count; i++) defaults[i] = [.. instances.ParameterValues.Select(values => values[i])];
            blocks.Add(new MechanismBlock
            {
                Kernel = OdeKernelEmitter.For(m),
                States = m.States.Length,
                ParameterCount = m.Parameters.Length,
                Nodes = [.. instances.Nodes],
                Offsets = offsets,
                Defaults = defaults,
                Parameters = [.. defaults.Select(d => d.ToArray())],
                IonReads = ions,
                Globals = [.. m.Globals.Select(g => g.Name == "celsius" ? cell.Description.Temperature : g.Default)],
                SeedField = [.. sensitivityParameters.Select(_ => Enumerable.Repeat(-1, count).ToArray())],
                Jacobians = [.. Enumerable.Range(0, count).Select(_ => new double[(1 + m.States.Length) * (1 + m.States.Length + m.Parameters.Length)])],
            });
        }
        _mechanisms = [.. blocks];
        StateCount = offset;
        _capacitanceSeed = new int[sensitivityParameters.Count][];
        for (var q = 0; q < sensitivityParameters.Count; q++)
        {
            var definition = cell.Description.Parameter(sensitivityParameters[q]);
            var capacitanceNodes = new List<int>();
            foreach (var target in definition.Targets)
            {
                switch (target)
                {
                    case MechanismFieldTarget t:
                        ForEachField(t, definition.Name, (block, instance, field) =>
                        {
                            if (block.SeedField[q][instance] >= 0 && block.SeedField[q][instance] != field)
                                throw new NotSupportedException($"Parameter '{definition.Name}' sets two fields of one mechanism instance.");
                            block.SeedField[q][instance] = field;
                        });
                        break;
                    case CapacitanceTarget t:
                        capacitanceNodes.AddRange(cell.NodesIn(t.Region));
                        break;
                    default:
                        throw new NotSupportedException($"The ODE path differentiates by mechanism fields and capacitance; parameter '{definition.Name}' targets {target.GetType().Name}.");
                }
            }
            _capacitanceSeed[q] = [.. capacitanceNodes.Distinct()];
        }
        Dimension = StateCount * (1 + sensitivityParameters.Count);
    }

    /// <summary>Components of y without sensitivities.</summary>
    public int StateCount { get; }

    public int Dimension { get; }

    public int Nodes => _nodes;

    /// <summary>The y component a probe reads.</summary>
    public int ComponentOf(Probe probe)
    {
        var node = _cell.NodeAt(probe.Location);
        switch (probe.Quantity)
        {
            case VoltageQuantity:
                return node;
            case StateQuantity s:
            {
                for (var b = 0; b < _mechanisms.Length; b++)
                {
                    var m = _cell.Mechanisms[b].Mechanism;
                    if (m.Name != s.Mechanism) continue;
                    var k = m.StateIndex(s.State);
                    if (k < 0) throw new ArgumentException($"Probe '{probe.Name}': mechanism '{m.Name}' has no state '{s.State}'.");
                    var i = Array.IndexOf(_mechanisms[b].Nodes, node);
                    if (i < 0) throw new ArgumentException($"Probe '{probe.Name}': mechanism '{m.Name}' is not inserted at node {node}.");
                    return _mechanisms[b].Offsets[i] + k;
                }
                throw new ArgumentException($"Probe '{probe.Name}': mechanism '{s.Mechanism}' is not inserted in the cell.");
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(probe), probe.Quantity.GetType().Name, "Unknown probe quantity.");
        }
    }

    /// <summary>The breakpoints of the current lane (empty unless clipping).</summary>
    public double[] Breakpoints => _breakpoints;

    /// <summary>Loads a lane's parameters and stimuli, and writes its initial state (and sensitivities) into <paramref name="y0"/>.</summary>
    public void SetLane(Lane lane, int laneIndex, double t0, double tEnd, StimulusEdges edges, Span<double> y0)
    {
        foreach (var name in lane.Parameters.Keys)
            if (!_definitions.Any(d => d.Name == name))
                throw new ArgumentException($"Lane {laneIndex} sets parameter '{name}', which the cell does not define. Parameters: {string.Join(", ", _definitions.Select(d => d.Name))}.");
        foreach (var block in _mechanisms)
            for (var i = 0; i < block.Nodes.Length; i++) block.Defaults[i].AsSpan().CopyTo(block.Parameters[i]);
        _defaultCm.AsSpan().CopyTo(_cm);
        foreach (var definition in _definitions)
        {
            var value = lane.Parameters.TryGetValue(definition.Name, out var v) ? v : definition.Default;
            foreach (var target in definition.Targets)
            {
                switch (target)
                {
                    case MechanismFieldTarget t:
                        ForEachField(t, definition.Name, (block, instance, field) => block.Parameters[instance][field] = value);
                        break;
                    case CapacitanceTarget t:
                        foreach (var node in _cell.NodesIn(t.Region)) _cm[node] = value;
                        break;
                    default:
                        if (lane.Parameters.ContainsKey(definition.Name))
                            throw new NotSupportedException($"The ODE path sets mechanism fields and capacitance; parameter '{definition.Name}' targets {target.GetType().Name}.");
                        break;
                }
            }
        }
        for (var n = 0; n < _nodes; n++) _capacitance[n] = _cm[n] * _cell.Area[n] * 1e-5;

        _stimuli = [.. lane.Stimuli.Select(s => (_cell.NodeAt(s.Location), s.Waveform, s.Gain, s.Waveform is PiecewiseConstantWaveform or StepWaveform or PulseTrainWaveform))];
        if (lane.Stimuli.Any(s => s.Waveform is OrnsteinUhlenbeckWaveform))
            throw new NotSupportedException("The ODE path needs deterministic waveforms; realise Ornstein–Uhlenbeck noise as a SampledWaveform first.");
        _clip = edges == StimulusEdges.Clip;
        _breakpoints = _clip ? Edges(lane.Stimuli, t0, tEnd) : [];
        _segmentValues = new double[_breakpoints.Length + 1][];
        for (var seg = 0; seg <= _breakpoints.Length; seg++)
        {
            var lo = seg == 0 ? t0 : _breakpoints[seg - 1];
            var hi = seg == _breakpoints.Length ? Math.Max(tEnd, lo) : _breakpoints[seg];
            var mid = hi > lo ? 0.5 * (lo + hi) : lo;
            _segmentValues[seg] = [.. _stimuli.Select(s => s.Gain * s.Waveform.ValueAt(mid))];
        }

        // Initial state: V0, gates from INITIAL at V0; sensitivities dy0/dθ (only INITIAL's parameter dependence).
        y0.Clear();
        for (var n = 0; n < _nodes; n++) y0[n] = _cell.InitialVoltage[n];
        Span<double> dsdp = stackalloc double[64];
        foreach (var block in _mechanisms)
        {
            for (var i = 0; i < block.Nodes.Length; i++)
            {
                var v = y0[block.Nodes[i]];
                block.Kernel.Initialize(v, t0, block.Parameters[i], block.IonReads[i], block.Globals, y0.Slice(block.Offsets[i], block.States));
                if (_parameters.Count == 0) continue;
                var size = block.States * block.ParameterCount;
                var buffer = size <= dsdp.Length ? dsdp[..size] : new double[size];
                block.Kernel.InitialSensitivity(v, t0, block.Parameters[i], block.IonReads[i], block.Globals, buffer);
                for (var q = 0; q < _parameters.Count; q++)
                {
                    var field = block.SeedField[q][i];
                    if (field < 0) continue;
                    for (var k = 0; k < block.States; k++)
                        y0[StateCount * (1 + q) + block.Offsets[i] + k] = buffer[k * block.ParameterCount + field];
                }
            }
        }
    }

    public void Evaluate(double t, int segment, ReadOnlySpan<double> y, Span<double> dydt)
    {
        var sensitivities = _parameters.Count > 0;
        Array.Clear(_current);
        foreach (var block in _mechanisms)
        {
            for (var i = 0; i < block.Nodes.Length; i++)
            {
                var node = block.Nodes[i];
                var offset = block.Offsets[i];
                var s = y.Slice(offset, block.States);
                var ds = dydt.Slice(offset, block.States);
                _current[node] += sensitivities
                    ? block.Kernel.Jacobian(y[node], t, s, block.Parameters[i], block.IonReads[i], block.Globals, ds, block.Jacobians[i])
                    : block.Kernel.Rates(y[node], t, s, block.Parameters[i], block.IonReads[i], block.Globals, ds);
            }
        }
        Array.Clear(_stimulus);
        if (_stimuli.Length > 0)
        {
            var values = _clip ? _segmentValues[Math.Min(segment, _segmentValues.Length - 1)] : null;
            for (var k = 0; k < _stimuli.Length; k++)
            {
                var (node, waveform, gain, piecewise) = _stimuli[k];
                _stimulus[node] += values is not null && piecewise ? values[k] : gain * waveform.ValueAt(t);
            }
        }
        for (var n = 0; n < _nodes; n++) dydt[n] = -_areaFactor[n] * _current[n] + _stimulus[n];
        for (var n = 1; n < _nodes; n++)
        {
            var p = _parent[n];
            if (p < 0) continue;
            var flow = _axial[n] * (y[n] - y[p]);
            dydt[n] -= flow;
            dydt[p] += flow;
        }
        for (var n = 0; n < _nodes; n++) dydt[n] /= _capacitance[n];
        if (!sensitivities) return;

        var size = StateCount;
        for (var q = 0; q < _parameters.Count; q++)
        {
            var sq = y.Slice(size * (1 + q), size);
            var dq = dydt.Slice(size * (1 + q), size);
            Array.Clear(_sensitivityCurrent);
            foreach (var block in _mechanisms)
            {
                var nS = block.States;
                var row = 1 + nS + block.ParameterCount;
                for (var i = 0; i < block.Nodes.Length; i++)
                {
                    var jac = block.Jacobians[i];
                    var node = block.Nodes[i];
                    var offset = block.Offsets[i];
                    var sv = sq[node];
                    var field = block.SeedField[q][i];
                    for (var r = 0; r <= nS; r++)
                    {
                        var b = r * row;
                        var sum = jac[b] * sv;
                        for (var j = 0; j < nS; j++) sum += jac[b + 1 + j] * sq[offset + j];
                        if (field >= 0) sum += jac[b + 1 + nS + field];
                        if (r == 0) _sensitivityCurrent[node] += sum;
                        else dq[offset + r - 1] = sum;
                    }
                }
            }
            for (var n = 0; n < _nodes; n++) dq[n] = -_areaFactor[n] * _sensitivityCurrent[n];
            for (var n = 1; n < _nodes; n++)
            {
                var p = _parent[n];
                if (p < 0) continue;
                var flow = _axial[n] * (sq[n] - sq[p]);
                dq[n] -= flow;
                dq[p] += flow;
            }
            for (var n = 0; n < _nodes; n++) dq[n] /= _capacitance[n];
            // ∂(dV/dt)/∂cm = −(dV/dt)/cm on the nodes whose capacitance θ_q sets.
            foreach (var n in _capacitanceSeed[q]) dq[n] -= dydt[n] / _cm[n];
        }
    }

    private void ForEachField(MechanismFieldTarget t, string parameter, Action<MechanismBlock, int, int> action)
    {
        var b = -1;
        for (var k = 0; k < _mechanisms.Length; k++) if (_cell.Mechanisms[k].Mechanism.Name == t.Mechanism) b = k;
        if (b < 0) throw new ArgumentException($"Parameter '{parameter}' targets mechanism '{t.Mechanism}', which is not inserted in the cell.");
        var block = _mechanisms[b];
        var field = _cell.Mechanisms[b].Mechanism.Parameters.Select(p => p.Name).ToList().IndexOf(t.Field);
        if (field < 0) throw new ArgumentException($"Parameter '{parameter}' targets field '{t.Field}', which mechanism '{t.Mechanism}' does not have.");
        var nodes = _cell.NodesIn(t.Region).ToHashSet();
        var hits = 0;
        for (var i = 0; i < block.Nodes.Length; i++)
        {
            if (!nodes.Contains(block.Nodes[i])) continue;
            action(block, i, field);
            hits++;
        }
        if (hits == 0) throw new ArgumentException($"Parameter '{parameter}' targets '{t.Mechanism}.{t.Field}' on a region where '{t.Mechanism}' is not inserted.");
    }

    // Jump times of piecewise-constant waveforms strictly inside (t0, tEnd), ascending and distinct.
    private static double[] Edges(IEnumerable<CurrentClamp> stimuli, double t0, double tEnd)
    {
        var edges = new SortedSet<double>();
        foreach (var s in stimuli)
        {
            switch (s.Waveform)
            {
                case PiecewiseConstantWaveform w:
                    for (var k = 0; k <= w.Amplitudes.Length; k++)
                    {
                        // A jump only where the value changes (bin k−1 → k; the first edge from 0, the last to the held value).
                        var before = k == 0 ? 0.0 : w.Amplitudes[k - 1];
                        var after = k < w.Amplitudes.Length ? w.Amplitudes[k] : (w.HoldLast ? w.Amplitudes[^1] : 0.0);
                        if (before != after) edges.Add(w.Start + k * w.BinWidth);
                    }
                    break;
                case StepWaveform w:
                    edges.Add(w.Start); edges.Add(w.Start + w.Duration);
                    break;
                case PulseTrainWaveform w:
                    for (var k = 0; k < w.Count; k++) { edges.Add(w.Start + k * w.Period); edges.Add(w.Start + k * w.Period + w.Duration); }
                    break;
            }
        }
        return [.. edges.Where(e => e > t0 && e < tEnd)];
    }
}
