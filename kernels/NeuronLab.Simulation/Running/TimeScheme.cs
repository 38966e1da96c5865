namespace NeuronLab.Simulation;

/// <summary>How the cable equation is stepped (fixed dt; states staggered half a step as in NEURON).</summary>
public enum TimeScheme
{
    /// <summary>NEURON's default: implicit (backward) Euler for V, first order.</summary>
    BackwardEuler,
    /// <summary>NEURON's <c>secondorder = 2</c>: Crank–Nicolson for V, second order.</summary>
    CrankNicolson,
}
