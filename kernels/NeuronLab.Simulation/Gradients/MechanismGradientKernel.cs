namespace NeuronLab.Simulation.Gradients;

/// <summary>
/// The tangent (forward-mode) and adjoint (reverse-mode) hooks of a mechanism, generated from the IR's symbolic
/// derivatives by <see cref="GradientKernelEmitter"/>. They differentiate exactly what the primal kernel computes:
/// the currents and dI/dV at (V, s), the state update s' = Φ(V', s) of the mechanism's method, and the initial values.
/// </summary>
public abstract class MechanismGradientKernel
{
    /// <summary>Tangents of the initial states (V⁰ is fixed) and the primal initial states.</summary>
    public abstract void InitializeTangent(Kernels.KernelArguments a, TangentArguments t);

    /// <summary>
    /// Adds the primal I and dI/dV to <c>a.Current</c>/<c>a.Conductance</c> (as <see cref="Kernels.MechanismKernel.ComputeCurrents"/>
    /// would) and İ and ġ per direction to the tangent accumulators, at the primal (V, s) in <paramref name="a"/>.
    /// </summary>
    public abstract void CurrentsTangent(Kernels.KernelArguments a, TangentArguments t);

    /// <summary>Advances the primal states and their tangents (V and V̇ already at the new step).</summary>
    public abstract void AdvanceTangent(Kernels.KernelArguments a, TangentArguments t);

    /// <summary>Pulls λI and λg back to V, s, fields and ion reads, at the primal (V, s) in <paramref name="a"/>.</summary>
    public abstract void CurrentsAdjoint(Kernels.KernelArguments a, AdjointArguments adj);

    /// <summary>
    /// Pulls the adjoint of the new states back through s' = Φ(V', s): on entry <c>adj.StateAdjoint</c> holds λ(s'),
    /// on exit λ(s) (this step's share); λ(V') and the field/ion gradients are accumulated. <paramref name="a"/>
    /// holds V' and the old states s, which are not modified.
    /// </summary>
    public abstract void AdvanceAdjoint(Kernels.KernelArguments a, AdjointArguments adj);

    /// <summary>Pulls the adjoint of the initial states back to fields and ion reads.</summary>
    public abstract void InitializeAdjoint(Kernels.KernelArguments a, AdjointArguments adj);
}

/// <summary>Memory of the tangent hooks: D directions, each a full set of tangents and parameter seeds.</summary>
public sealed class TangentArguments
{
    public required int Directions { get; init; }
    /// <summary>[direction] → V̇ [node][lane].</summary>
    public required double[][] VoltageTangent { get; init; }
    /// <summary>[direction][state] → ṡ [instance][lane].</summary>
    public required double[][][] StateTangent { get; init; }
    /// <summary>[direction][field] → ∂field/∂θ [instance], or null where zero.</summary>
    public required double[]?[][] FieldSeed { get; init; }
    /// <summary>[direction][ion read] → ∂e/∂θ [node], or null where zero.</summary>
    public required double[]?[][] IonSeed { get; init; }
    /// <summary>
    /// [direction] → whether any field or ion read of this mechanism is seeded: the hooks skip a direction's seed terms
    /// (one test instead of one per field) where it is not, as for most directions of most mechanisms.
    /// </summary>
    public bool[] Seeded => _seeded ??= [.. Enumerable.Range(0, Directions)
        .Select(d => FieldSeed[d].Any(f => f is not null) || IonSeed[d].Any(e => e is not null))];

    private bool[]? _seeded;

    /// <summary>[direction] → İ [node][lane] (mA/cm² per unit θ), accumulated.</summary>
    public required double[][] CurrentTangent { get; init; }
    /// <summary>[direction] → ġ [node][lane] (S/cm² per unit θ), accumulated.</summary>
    public required double[][] ConductanceTangent { get; init; }
}

/// <summary>Memory of the adjoint hooks.</summary>
public sealed class AdjointArguments
{
    /// <summary>λV [node][lane], accumulated.</summary>
    public required double[] VoltageAdjoint { get; init; }
    /// <summary>[state] → λs [instance][lane], read and written.</summary>
    public required double[][] StateAdjoint { get; init; }
    /// <summary>λI [node][lane]: adjoint of the current density, input.</summary>
    public required double[] CurrentAdjoint { get; init; }
    /// <summary>λg [node][lane]: adjoint of dI/dV, input.</summary>
    public required double[] ConductanceAdjoint { get; init; }
    /// <summary>[field] → dL/dfield [instance][lane], accumulated.</summary>
    public required double[][] FieldGradient { get; init; }
    /// <summary>[ion read] → dL/de [node][lane], accumulated.</summary>
    public required double[][] IonGradient { get; init; }
}
