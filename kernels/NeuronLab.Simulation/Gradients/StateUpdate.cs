using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Mechanisms.Expressions;
using NeuronLab.Simulation.Kernels;

namespace NeuronLab.Simulation.Gradients;

/// <summary>
/// A mechanism's state update written as IR, so it can be differentiated: per state, the new value Φₖ as an
/// expression of v (the new voltage), the states, parameters, ion reads and dt.
/// </summary>
internal static class StateUpdate
{
    /// <summary>
    /// Φₖ for each state. cnexp: <c>sₖ + fₖ·dt / exprelr(bₖ·dt)</c> with <c>bₖ = ∂fₖ/∂sₖ</c>, applied in declaration
    /// order (later states read the updated earlier ones, <see cref="IsSequential"/>); Euler: <c>sₖ + dt·fₖ</c> from
    /// the old states.
    /// </summary>
    public static IReadOnlyList<Expr> Updates(Mechanism m)
    {
        var dt = new Symbol(KernelSourceEmitter.TimeStep);
        var updates = new List<Expr>();
        foreach (var state in m.States)
        {
            var s = new Symbol(state.Name);
            var f = m.Resolve(state.Derivative);
            updates.Add(m.Method switch
            {
                StateUpdateMethod.Cnexp => ExprSimplifier.Simplify(s + f * dt / new Exprelr(ExprDifferentiator.Differentiate(f, state.Name) * dt)),
                StateUpdateMethod.Euler => ExprSimplifier.Simplify(s + dt * f),
                _ => throw new NotSupportedException(
                    $"Mechanism '{m.Name}': gradients through METHOD {m.Method} are not available yet; use cnexp (linear gates) or euler."),
            });
        }
        return updates;
    }

    /// <summary>True when state k's update sees the already-updated states j &lt; k (cnexp, as NEURON's generated code).</summary>
    public static bool IsSequential(Mechanism m) => m.Method == StateUpdateMethod.Cnexp;
}
