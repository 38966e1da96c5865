namespace NeuronLab.Model.Cells;

/// <summary>What a probe records.</summary>
public abstract record ProbeQuantity;

/// <summary>Membrane potential [mV].</summary>
public sealed record VoltageQuantity : ProbeQuantity;

/// <summary>A mechanism state (in the state's unit).</summary>
public sealed record StateQuantity(string Mechanism, string State) : ProbeQuantity;

/// <summary>
/// Records a quantity at a location every <paramref name="SamplingPeriod"/> ms (0: every step), from t = 0.
/// </summary>
public sealed record Probe(string Name, Location Location, ProbeQuantity Quantity, double SamplingPeriod = 0)
{
    public static Probe Voltage(string name, Location location, double samplingPeriod = 0) => new(name, location, new VoltageQuantity(), samplingPeriod);
    public static Probe State(string name, Location location, string mechanism, string state, double samplingPeriod = 0) =>
        new(name, location, new StateQuantity(mechanism, state), samplingPeriod);
}
