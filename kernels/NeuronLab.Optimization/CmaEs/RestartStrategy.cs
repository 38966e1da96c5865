namespace NeuronLab.Optimization.CmaEs;

/// <summary>How <see cref="RestartCmaEs"/> chooses the next run.</summary>
public enum RestartStrategy
{
    /// <summary>IPOP (Auger &amp; Hansen 2005): each restart multiplies λ by the increase factor (2).</summary>
    Ipop,
    /// <summary>
    /// BIPOP (Hansen 2009): interleaves the IPOP "large" regime with a "small" regime of
    /// λ_s = ⌊λ_def (½ λ_l/λ_def)^{U²}⌋ and σ_s = σ₀·10^{−2U}, U ~ U(0, 1), run while the small regime has used
    /// fewer evaluations than the large one.
    /// </summary>
    Bipop,
}

/// <summary>Which population regime a BIPOP run belongs to (IPOP runs are all <see cref="Large"/>).</summary>
public enum RestartRegime
{
    /// <summary>First run or a doubled population.</summary>
    Large,
    /// <summary>BIPOP's small, randomised population and step size.</summary>
    Small,
}
