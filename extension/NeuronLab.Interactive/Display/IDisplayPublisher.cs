namespace NeuronLab.Interactive;

/// <summary>
/// What a host (the Jupyter kernel, a test, a CLI) implements so that the notebook layer can publish output.
/// The kernel turns these calls into <c>display_data</c>, <c>update_display_data</c> and <c>clear_output</c>
/// messages; implementations must be thread-safe (progress can be reported from worker threads).
/// </summary>
public interface IDisplayPublisher
{
    /// <summary>Publishes <paramref name="data"/>; with <paramref name="update"/> it replaces the output that has <paramref name="displayId"/>.</summary>
    void Publish(MimeBundle data, string? displayId, bool update);

    /// <summary>Clears the cell's output (<paramref name="wait"/>: when the next output arrives).</summary>
    void ClearOutput(bool wait);
}
