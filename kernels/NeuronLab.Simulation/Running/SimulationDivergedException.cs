namespace NeuronLab.Simulation;

/// <summary>
/// A simulation produced a non-finite value or a voltage beyond ±<see cref="Simulator.VoltageLimit"/> mV.
/// Names where and when, so the cause can be found; try a smaller dt or check the parameters of that lane.
/// </summary>
public sealed class SimulationDivergedException(double time, int lane, int node, string state, double value, double dt)
    : Exception($"Simulation diverged at t = {time} ms in lane {lane}, node {node}: {state} = {value} (dt = {dt} ms). " +
                "Try a smaller dt, or check this lane's parameters and stimuli.")
{
    public double Time { get; } = time;
    public int Lane { get; } = lane;
    public int Node { get; } = node;
    public string State { get; } = state;
    public double Value { get; } = value;
    public double Dt { get; } = dt;
}
