namespace NeuronLab.Interactive;

/// <summary>
/// Entry point for showing values: <c>display(value)</c> in a cell calls <see cref="Show(object?)"/>. The host sets
/// <see cref="Publisher"/>; without one (a console program) the plain-text form goes to <see cref="Console.Out"/>.
/// </summary>
public static class Display
{
    private static volatile IDisplayPublisher? s_publisher;

    /// <summary>The host's publisher; null outside a notebook.</summary>
    public static IDisplayPublisher? Publisher
    {
        get => s_publisher;
        set => s_publisher = value;
    }

    /// <summary>Formats <paramref name="value"/> through <see cref="Formatter"/> and publishes it; returns a handle to update it in place.</summary>
    public static DisplayHandle Show(object? value)
    {
        var handle = new DisplayHandle(Guid.NewGuid().ToString("N"));
        Publish(Formatter.Format(value), handle.DisplayId, update: false);
        return handle;
    }

    /// <summary>Publishes <paramref name="value"/> as <paramref name="mimeType"/> (e.g. <c>"text/html"</c>) with a plain-text fallback.</summary>
    public static DisplayHandle Show(string value, string mimeType)
    {
        var handle = new DisplayHandle(Guid.NewGuid().ToString("N"));
        var bundle = MimeBundle.Of(mimeType, value);
        Publish(bundle.ContainsKey(MimeBundle.PlainText) ? bundle : bundle.With(MimeBundle.PlainText, value), handle.DisplayId, update: false);
        return handle;
    }

    /// <summary>Clears the current cell's output.</summary>
    public static void ClearOutput(bool wait = false) => s_publisher?.ClearOutput(wait);

    internal static void Publish(MimeBundle bundle, string displayId, bool update)
    {
        if (s_publisher is { } p)
            p.Publish(bundle, displayId, update);
        else
            Console.Out.WriteLine((string)bundle[MimeBundle.PlainText]);
    }
}

/// <summary>A displayed output that can be replaced in place (Jupyter <c>update_display_data</c> by display id).</summary>
public sealed class DisplayHandle(string displayId)
{
    /// <summary>The Jupyter display id.</summary>
    public string DisplayId { get; } = displayId;

    /// <summary>Replaces the displayed output with <paramref name="value"/>, formatted through <see cref="Formatter"/>.</summary>
    public void Update(object? value) => Display.Publish(Formatter.Format(value), DisplayId, update: true);

    public override string ToString() => $"DisplayHandle({DisplayId})";
}
