using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;
using NeuronLab.Simulation.Kernels;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation;

/// <summary>
/// The mutable memory of a batch run, struct-of-arrays <c>[row][lane]</c>: voltage, matrix, accumulators, and per
/// mechanism its parameters and states. Built once from a lowered cell and the lanes; stepping never allocates.
/// </summary>
internal sealed class BatchState
{
    public BatchState(LoweredCell cell, IReadOnlyList<Lane> lanes, SimulationSettings settings)
    {
        Cell = cell;
        Lanes = lanes.Count;
        var n = cell.NodeCount;
        Voltage = new double[n * Lanes];
        Diagonal = new double[n * Lanes];
        Rhs = new double[n * Lanes];
        Current = new double[n * Lanes];
        Conductance = new double[n * Lanes];
        MembraneCapacitance = Broadcast(cell.MembraneCapacitance, Lanes);
        ReversalPotentials = cell.ReversalPotentials.ToDictionary(kv => kv.Key, kv => Broadcast(kv.Value, Lanes), StringComparer.Ordinal);
        Mechanisms = [.. cell.Mechanisms.Select(m => new MechanismState(m, Lanes, ReversalPotentials, cell.Description.Temperature, settings.Slope))];
        OffDiagonal = [.. cell.AxialConductance.Select(g => -g)];
        CouplingSum = new double[n];
        for (var i = 1; i < n; i++)
        {
            CouplingSum[i] += cell.AxialConductance[i];
            CouplingSum[cell.Parent[i]] += cell.AxialConductance[i];
        }
        Stimuli = new StimulusTrack[Lanes][];
        for (var l = 0; l < Lanes; l++)
            Stimuli[l] = [.. lanes[l].Stimuli.Select(s => StimulusTrack.Create(cell, s, settings))];
        ParameterApplier.Apply(this, lanes);
    }

    public LoweredCell Cell { get; }
    public int Lanes { get; }

    /// <summary>[node][lane] mV</summary>
    public double[] Voltage { get; }
    public double[] Diagonal { get; }
    public double[] Rhs { get; }
    /// <summary>[node][lane] mA/cm²</summary>
    public double[] Current { get; }
    /// <summary>[node][lane] S/cm²</summary>
    public double[] Conductance { get; }
    /// <summary>[node][lane] µF/cm²</summary>
    public double[] MembraneCapacitance { get; }
    /// <summary>ion → [node][lane] mV</summary>
    public Dictionary<string, double[]> ReversalPotentials { get; }
    /// <summary>−G to the parent [µS], shared by all lanes.</summary>
    public double[] OffDiagonal { get; }
    /// <summary>Σ of the axial conductances at each node [µS].</summary>
    public double[] CouplingSum { get; }
    public MechanismState[] Mechanisms { get; }
    /// <summary>[lane][stimulus]</summary>
    public StimulusTrack[][] Stimuli { get; }

    private static double[] Broadcast(IReadOnlyList<double> perNode, int lanes)
    {
        var values = new double[perNode.Count * lanes];
        for (var i = 0; i < perNode.Count; i++) Array.Fill(values, perNode[i], i * lanes, lanes);
        return values;
    }

    /// <summary>A mechanism's instances with their per-lane parameters and states.</summary>
    internal sealed class MechanismState
    {
        public MechanismState(MechanismInstances instances, int lanes, Dictionary<string, double[]> reversal, double temperature, CurrentSlope slope)
        {
            Instances = instances;
            var m = instances.Mechanism;
            var count = instances.Nodes.Length;
            Slope = slope;
            Kernel = KernelCompiler.For(m, slope);
            Parameters = [.. instances.ParameterValues.Select(values => Broadcast(values, lanes))];
            States = [.. m.States.Select(_ => new double[count * lanes])];
            IonReads = [.. m.IonReads.Select(read => IonArray(m.Name, read, reversal))];
            Globals = [.. m.Globals.Select(g => g.Name == "celsius" ? temperature : g.Default)];
        }

        public MechanismInstances Instances { get; }
        public MechanismKernel Kernel { get; }
        public CurrentSlope Slope { get; }
        public double[][] Parameters { get; }
        public double[][] States { get; }
        public double[][] IonReads { get; }
        public double[] Globals { get; }

        private static double[] IonArray(string mechanism, string read, Dictionary<string, double[]> reversal)
        {
            if (read.Length > 1 && read[0] == 'e' && reversal.TryGetValue(read[1..], out var values)) return values;
            throw new NotSupportedException(
                $"Mechanism '{mechanism}' reads ion variable '{read}'; only reversal potentials (e<ion>) are supplied by the simulator. " +
                "Model concentrations as states of a mechanism.");
        }
    }
}

/// <summary>A stimulus bound to its node, with its waveform realised on the time grid when it is stochastic.</summary>
internal sealed class StimulusTrack
{
    private StimulusTrack(int node, double clampGain, Waveform waveform, double[]? realised, string name)
    {
        Node = node;
        ClampGain = clampGain;
        _waveform = waveform;
        _realised = realised;
        Name = name;
    }

    private readonly Waveform _waveform;
    private readonly double[]? _realised;

    public int Node { get; }
    public string Name { get; }

    /// <summary>The clamp's own gain.</summary>
    public double ClampGain { get; }

    /// <summary>The product of the named gain parameters that target this stimulus (1 when none).</summary>
    public double ParameterGain { get; set; } = 1.0;

    /// <summary>The gain parameter that targets this stimulus, if any (its derivative is ClampGain · waveform).</summary>
    public string? GainParameter { get; set; }

    public static StimulusTrack Create(LoweredCell cell, CurrentClamp clamp, SimulationSettings settings)
    {
        var realised = clamp.Waveform is OrnsteinUhlenbeckWaveform ou ? ou.Realize(settings.Dt, settings.StepCount + 1) : null;
        return new StimulusTrack(cell.NodeAt(clamp.Location), clamp.Gain, clamp.Waveform, realised, clamp.Name);
    }

    /// <summary>The waveform [nA] during step <paramref name="step"/>, at mid-step <paramref name="time"/> (NEURON's t + dt/2).</summary>
    public double WaveformAt(int step, double time) => _realised is null ? _waveform.ValueAt(time) : _realised[step];

    /// <summary>Injected current [nA] during step <paramref name="step"/>.</summary>
    public double CurrentAt(int step, double time) => ClampGain * ParameterGain * WaveformAt(step, time);
}
