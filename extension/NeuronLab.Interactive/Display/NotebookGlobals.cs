namespace NeuronLab.Interactive;

/// <summary>
/// The globals of a C# notebook cell: its public members are in scope in every cell
/// (<c>display(x)</c>, <c>CancellationToken</c>, <c>ClearOutput()</c>).
/// </summary>
public class NotebookGlobals
{
    /// <summary>Cancelled when the user interrupts the cell; pass it to long operations or poll it in loops.</summary>
    public CancellationToken CancellationToken => CellContext.CancellationToken;

    /// <summary>Shows <paramref name="value"/> through the formatter registry; returns a handle for in-place updates.</summary>
#pragma warning disable IDE1006 // lower-case name, as in .NET Interactive and IPython
    public DisplayHandle display(object? value) => Display.Show(value);

    /// <summary>Shows <paramref name="value"/> as the given mime type (e.g. <c>display("&lt;b&gt;hi&lt;/b&gt;", "text/html")</c>).</summary>
    public DisplayHandle display(string value, string mimeType) => Display.Show(value, mimeType);
#pragma warning restore IDE1006

    /// <summary>Clears this cell's output.</summary>
    public void ClearOutput(bool wait = false) => Display.ClearOutput(wait);
}
