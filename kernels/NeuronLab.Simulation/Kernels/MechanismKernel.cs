namespace NeuronLab.Simulation.Kernels;

/// <summary>
/// The lifecycle hooks of a mechanism over library-owned memory (Arbor's mechanism ABI). Implementations are
/// generated from the mechanism IR by <see cref="KernelSourceEmitter"/> and compiled by <see cref="KernelCompiler"/>;
/// they never allocate.
/// </summary>
public abstract class MechanismKernel
{
    /// <summary>Sets every state to its initial value (from the voltage at t = 0).</summary>
    public abstract void Initialize(KernelArguments a);

    /// <summary>Adds the mechanism's current density [mA/cm²] and its derivative by V [S/cm²] to the node accumulators.</summary>
    public abstract void ComputeCurrents(KernelArguments a);

    /// <summary>Advances the states over one step with the new voltage.</summary>
    public abstract void AdvanceState(KernelArguments a);
}
