namespace NeuronLab.Simulation.Kernels;

/// <summary>
/// The memory a generated kernel works on. Every array is laid out <c>[row][lane]</c> with stride
/// <see cref="Lanes"/>; rows are nodes (voltage, ion reads, accumulators) or instances (parameters, states).
/// A kernel touches only lanes <c>[LaneStart, LaneEnd)</c>, so threads can share the arrays.
/// </summary>
public sealed class KernelArguments
{
    /// <summary>Total lanes (the stride of every array).</summary>
    public required int Lanes { get; init; }

    public required int LaneStart { get; init; }

    public required int LaneEnd { get; init; }

    /// <summary>Node of each instance.</summary>
    public required int[] Nodes { get; init; }

    /// <summary>Membrane potential [node][lane] (mV).</summary>
    public required double[] Voltage { get; init; }

    /// <summary>Per parameter, values [instance][lane] in canonical units.</summary>
    public required double[][] Parameters { get; init; }

    /// <summary>Per state, values [instance][lane].</summary>
    public required double[][] States { get; init; }

    /// <summary>Per ion variable read, values [node][lane].</summary>
    public required double[][] IonReads { get; init; }

    /// <summary>Per global, its value.</summary>
    public required double[] Globals { get; init; }

    /// <summary>Accumulated current density [node][lane] (mA/cm²), outward positive.</summary>
    public required double[] Current { get; init; }

    /// <summary>Accumulated dI/dV [node][lane] (S/cm²).</summary>
    public required double[] Conductance { get; init; }

    /// <summary>Time at which the hook evaluates [ms] (mid-step for currents, end of step for states).</summary>
    public double Time { get; set; }

    /// <summary>Time step [ms].</summary>
    public double Dt { get; set; }

    /// <summary>
    /// Set by a vectorised <c>AdvanceState</c>, which checks what it stores as it stores it: false when a state it wrote
    /// is ±∞ or NaN. Null when the hook did not check (the caller then scans the states itself).
    /// </summary>
    public bool? StatesFinite { get; set; }
}
