namespace NeuronLab.Interactive;

/// <summary>
/// Per-cell ambient state set by the host while a cell runs. Long operations should take
/// <see cref="CancellationToken"/> so that the notebook's interrupt button stops them.
/// </summary>
public static class CellContext
{
    private static readonly AsyncLocal<CancellationToken> s_token = new();

    /// <summary>Cancelled when the user interrupts the running cell; <see cref="CancellationToken.None"/> outside a cell.</summary>
    public static CancellationToken CancellationToken => s_token.Value;

    /// <summary>Called by the host on the cell's thread before it runs the cell's code.</summary>
    public static void Enter(CancellationToken token) => s_token.Value = token;
}
