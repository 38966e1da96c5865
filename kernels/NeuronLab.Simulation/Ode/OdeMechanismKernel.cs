namespace NeuronLab.Simulation.Ode;

/// <summary>
/// One mechanism instance as a right-hand side for the ODE path: rates, current, and their exact symbolic derivatives.
/// Generated from the IR by <see cref="OdeKernelEmitter"/>. Inputs: v [mV], time [ms], states s[nS], parameters
/// p[nP] (canonical units), ion reads e[nE] [mV], globals g[nG]. Never allocates.
/// </summary>
public abstract class OdeMechanismKernel
{
    /// <summary>Initial states s(v) into <paramref name="s"/>.</summary>
    public abstract void Initialize(double v, double time, ReadOnlySpan<double> p, ReadOnlySpan<double> e, ReadOnlySpan<double> g, Span<double> s);

    /// <summary>∂s_init/∂p into <paramref name="dsdp"/> [state·nP + parameter].</summary>
    public abstract void InitialSensitivity(double v, double time, ReadOnlySpan<double> p, ReadOnlySpan<double> e, ReadOnlySpan<double> g, Span<double> dsdp);

    /// <summary>Writes ds/dt into <paramref name="ds"/> and returns the total current density [mA/cm²].</summary>
    public abstract double Rates(double v, double time, ReadOnlySpan<double> s, ReadOnlySpan<double> p, ReadOnlySpan<double> e, ReadOnlySpan<double> g, Span<double> ds);

    /// <summary>
    /// As <see cref="Rates"/>, and the Jacobian rows of (i, ds/dt) by (v, s, p) into <paramref name="jacobian"/>: row r
    /// (r = 0 for the current, 1 + k for state k) starts at r·(1 + nS + nP) and holds ∂/∂v, ∂/∂s[0..nS), ∂/∂p[0..nP).
    /// </summary>
    public abstract double Jacobian(double v, double time, ReadOnlySpan<double> s, ReadOnlySpan<double> p, ReadOnlySpan<double> e, ReadOnlySpan<double> g,
        Span<double> ds, Span<double> jacobian);
}
