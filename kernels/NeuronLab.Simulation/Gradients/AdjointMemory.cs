using NeuronLab.Simulation.Kernels;

namespace NeuronLab.Simulation.Gradients;

/// <summary>Memory of the reverse sweep for a batch: adjoints of V and states, and the gradient accumulators.</summary>
internal sealed class AdjointMemory
{
    public AdjointMemory(BatchState state)
    {
        var size = state.Cell.NodeCount * state.Lanes;
        VoltageAdjoint = new double[size];
        CurrentAdjoint = new double[size];
        ConductanceAdjoint = new double[size];
        Mu = new double[size];
        CapacitanceGradient = new double[size];
        GainGradient = [.. state.Stimuli.Select(tracks => new double[tracks.Length])];
        Kernels = [.. state.Mechanisms.Select(m => KernelCompiler.GradientFor(m.Instances.Mechanism, m.Slope))];
        StateAdjoint = [.. state.Mechanisms.Select(m => m.States.Select(s => new double[s.Length]).ToArray())];
        FieldGradient = [.. state.Mechanisms.Select(m => m.Parameters.Select(p => new double[p.Length]).ToArray())];
        IonGradient = [.. state.Mechanisms.Select(m => m.IonReads.Select(_ => new double[size]).ToArray())];
        Arguments = [.. state.Mechanisms.Select((m, k) => new AdjointArguments
        {
            VoltageAdjoint = VoltageAdjoint, StateAdjoint = StateAdjoint[k], CurrentAdjoint = CurrentAdjoint,
            ConductanceAdjoint = ConductanceAdjoint, FieldGradient = FieldGradient[k], IonGradient = IonGradient[k],
        })];
    }

    /// <summary>λV [node][lane]</summary>
    public double[] VoltageAdjoint { get; }
    /// <summary>[mechanism][state] → λs [instance][lane]</summary>
    public double[][][] StateAdjoint { get; }
    public double[] CurrentAdjoint { get; }
    public double[] ConductanceAdjoint { get; }
    /// <summary>μ = A⁻ᵀ·k·λV of the current step.</summary>
    public double[] Mu { get; }
    /// <summary>dL/dcm [node][lane]</summary>
    public double[] CapacitanceGradient { get; }
    /// <summary>[lane][stimulus] → dL/d(gain parameter)</summary>
    public double[][] GainGradient { get; }
    /// <summary>[mechanism][field] → dL/dfield [instance][lane]</summary>
    public double[][][] FieldGradient { get; }
    /// <summary>[mechanism][ion read] → dL/de [node][lane]</summary>
    public double[][][] IonGradient { get; }
    public MechanismGradientKernel[] Kernels { get; }
    public AdjointArguments[] Arguments { get; }
}
