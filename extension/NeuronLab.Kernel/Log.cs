namespace NeuronLab.Kernel;

/// <summary>Kernel diagnostics on the process's original stderr (the Jupyter server's log), not the notebook.</summary>
internal static class Log
{
    // The process's real stderr, even after Console.SetError redirects user output to the notebook.
    private static readonly TextWriter s_err = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };

    /// <summary>Set NEURONLAB_KERNEL_DEBUG=1 to log every message type.</summary>
    public static bool Verbose { get; } = Environment.GetEnvironmentVariable("NEURONLAB_KERNEL_DEBUG") == "1";

    public static void Write(string text)
    {
        lock (s_err)
            s_err.WriteLine($"[NeuronLab.Kernel {DateTime.Now:HH:mm:ss.fff}] {text}");
    }

    public static void Debug(string text)
    {
        if (Verbose)
            Write(text);
    }
}
