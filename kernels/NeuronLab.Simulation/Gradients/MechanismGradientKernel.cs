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
    /// Adds −0.01·A·(İ + ġ·ΔV) per direction to <see cref="TangentArguments.CurrentTangent"/>, at the primal (V, s) in
    /// <paramref name="a"/> and with the step's ΔV (run after the primal solve, before V advances).
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
    /// <summary>
    /// V̇ of every node, direction and lane, at ((node·D + direction)·lanes + lane): the directions of a node side by side,
    /// so that the tree solve and the right-hand side walk a node's directions as one row (a batch of one gathers its node
    /// values through the node index anyway).
    /// </summary>
    public required double[] VoltageTangent { get; init; }
    /// <summary>
    /// [state] → ṡ of every direction, instance and lane, at <see cref="StateIndex"/>: the directions of one instance side
    /// by side, so the direction loops of the hooks walk one stream per state instead of one per state and direction
    /// (P = 17 × 16 lanes about 20 % faster; docs/performance.md).
    /// </summary>
    public required double[][] StateTangent { get; init; }
    /// <summary>Instances of the mechanism.</summary>
    public required int Instances { get; init; }
    /// <summary>Lanes of the batch.</summary>
    public required int Lanes { get; init; }

    /// <summary>
    /// Where ṡ of (instance, direction, lane) is in <see cref="StateTangent"/>: ((instance·D + direction)·lanes + lane)
    /// for a batch, so that a lane group of one instance is contiguous; direction·instances + instance for a batch of one,
    /// so that 4 instances of one direction are (the hooks vectorise over instances there).
    /// </summary>
    public int StateIndex(int instance, int direction, int lane) =>
        Lanes == 1 ? direction * Instances + instance : (instance * Directions + direction) * Lanes + lane;
    /// <summary>[direction][field] → ∂field/∂θ [instance], or null where zero.</summary>
    public required double[]?[][] FieldSeed { get; init; }
    /// <summary>[direction][ion read] → ∂e/∂θ [node], or null where zero.</summary>
    public required double[]?[][] IonSeed { get; init; }
    /// <summary>
    /// [direction] → which fields and ion reads of this mechanism are seeded: bit j for field j, bit F + j for ion read
    /// j (F fields); 0 where none is, as for most directions of most mechanisms (one test skips them all), and the
    /// seeded terms are found by bit tests instead of a null test per field. −1 (all bits) when the mechanism has more
    /// than 63 fields and ion reads: every field is then tested for null.
    /// </summary>
    public long[] SeedMask => _seedMask ??= [.. Enumerable.Range(0, Directions).Select(d => Mask(FieldSeed[d], IonSeed[d]))];

    private long[]? _seedMask;

    private static long Mask(double[]?[] fields, double[]?[] ions)
    {
        if (fields.Length + ions.Length > 63) return fields.Any(f => f is not null) || ions.Any(e => e is not null) ? -1 : 0;
        var mask = 0L;
        for (var j = 0; j < fields.Length; j++) if (fields[j] is not null) mask |= 1L << j;
        for (var j = 0; j < ions.Length; j++) if (ions[j] is not null) mask |= 1L << (fields.Length + j);
        return mask;
    }

    /// <summary>
    /// −0.01·A·(İ + ġ·ΔV) (nA per unit θ), laid out as <see cref="VoltageTangent"/>, accumulated: the current's tangent together with
    /// the slope's tangent times this step's ΔV, as the tangent right-hand side takes them.
    /// </summary>
    public required double[] CurrentTangent { get; init; }
    /// <summary>
    /// −0.01·A of each node, repeated per lane ([node][lane]): what turns a current density (mA/cm²) into the tree
    /// system's right-hand side (A in µm², as <see cref="LaneBlock"/> assembles it); applied by CurrentsTangent.
    /// </summary>
    public required double[] MembraneScale { get; init; }
    /// <summary>ΔV of the step [node][lane] (the primal solve's solution), read by CurrentsTangent.</summary>
    public required double[] DeltaV { get; init; }
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
