using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;

namespace NeuronLab.Interactive;

/// <summary>
/// Formatter registry in the .NET Interactive style: maps a value's type to a <see cref="MimeBundle"/>.
/// The most specific registration wins (exact type, then base classes, then interfaces); every bundle gets
/// a <c>text/plain</c> entry (the registered one, or a readable default: <c>[1, 4, 9]</c> for sequences,
/// <c>ToString()</c> otherwise). Thread-safe.
/// </summary>
/// <example>
/// <code>
/// Formatter.Register&lt;Cell&gt;(cell => CellSvg.Render(cell), "image/svg+xml");
/// Formatter.Register&lt;RunRecord&gt;(run => MimeBundle.Of("text/html", RunHtml.Table(run)));
/// </code>
/// </example>
public static class Formatter
{
    private static readonly ConcurrentDictionary<Type, Func<object, MimeBundle>> s_formatters = new();

    /// <summary>Most sequence items printed by the default text formatter.</summary>
    public static int ListItemLimit { get; set; } = 100;

    static Formatter() => RegisterDefaults();

    /// <summary>Registers (or replaces) the whole mime bundle for <typeparamref name="T"/>.</summary>
    public static void Register<T>(Func<T, MimeBundle> format)
    {
        ArgumentNullException.ThrowIfNull(format);
        s_formatters[typeof(T)] = o => format((T)o);
    }

    /// <summary>
    /// Registers one mime type for <typeparamref name="T"/> (argument order as in .NET Interactive);
    /// other mime types already registered for exactly <typeparamref name="T"/> are kept.
    /// </summary>
    public static void Register<T>(Func<T, string> format, string mimeType)
    {
        ArgumentNullException.ThrowIfNull(format);
        s_formatters.AddOrUpdate(typeof(T),
            _ => o => MimeBundle.Of(mimeType, format((T)o)),
            (_, previous) => o => previous(o).With(mimeType, format((T)o)));
    }

    /// <summary>Removes every registration and restores the built-in ones (figures, progress).</summary>
    public static void ResetToDefaults()
    {
        s_formatters.Clear();
        RegisterDefaults();
    }

    /// <summary>The mime bundle for <paramref name="value"/>; always contains <c>text/plain</c>.</summary>
    public static MimeBundle Format(object? value)
    {
        if (value is null)
            return MimeBundle.Of(MimeBundle.PlainText, "null");
        if (value is MimeBundle bundle)
            return bundle.ContainsKey(MimeBundle.PlainText) ? bundle : bundle.With(MimeBundle.PlainText, "");
        var formatter = Find(value.GetType());
        var result = formatter is null ? MimeBundle.Empty : formatter(value);
        return result.ContainsKey(MimeBundle.PlainText) ? result : result.With(MimeBundle.PlainText, ToPlainText(value));
    }

    /// <summary>The default plain-text form: sequences as <c>[a, b, c]</c>, strings as is, numbers invariant.</summary>
    public static string ToPlainText(object? value) => value switch
    {
        null => "null",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary d => "{" + string.Join(", ", d.Cast<DictionaryEntry>().Take(ListItemLimit)
            .Select(e => $"{ToPlainText(e.Key)}: {ToPlainText(e.Value)}")) + (d.Count > ListItemLimit ? ", ..." : "") + "}",
        IEnumerable e => Sequence(e),
        _ => value.ToString() ?? "",
    };

    private static string Sequence(IEnumerable e)
    {
        var items = e.Cast<object?>().Take(ListItemLimit + 1).ToList();
        var shown = items.Take(ListItemLimit).Select(ToPlainText);
        return "[" + string.Join(", ", shown) + (items.Count > ListItemLimit ? ", ..." : "") + "]";
    }

    private static Func<object, MimeBundle>? Find(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (s_formatters.TryGetValue(t, out var f))
                return f;
        }
        foreach (var i in type.GetInterfaces())
        {
            if (s_formatters.TryGetValue(i, out var f))
                return f;
        }
        return null;
    }

    private static void RegisterDefaults()
    {
        Register<Figure>(FigureBundle);
        Register<HtmlString>(h => MimeBundle.Of(MimeBundle.Html, h.Html).With(MimeBundle.PlainText, h.Html));
        Register<ProgressDisplay>(p => p.ToBundle());
        Register<SourceCode>(s => s.ToBundle());
        // The engine's types (Views/): cells, morphologies, mechanisms, simulation results, optimization runs.
        Register<NeuronLab.Model.Cells.CellDescription>(CellView.Bundle);
        Register<NeuronLab.Model.Morph.Morphology>(m => MorphologyView.Bundle(m));
        Register<NeuronLab.Model.Mechanisms.Mechanism>(m => MechanismView.Bundle(m));
        Register<NeuronLab.Simulation.SimulationResult>(SimulationView.Bundle);
        Register<IReadOnlyList<NeuronLab.Optimization.Records.RunRecord>>(r => RunView.Bundle(r));
        Register<RunMonitor>(m => m.ToBundle());
    }

    /// <summary>A figure as plotly JSON + self-contained HTML (inline SVG) + plain text.</summary>
    public static MimeBundle FigureBundle(Figure figure)
    {
        var traces = figure.Traces.Length;
        var title = figure.Layout.Title is null ? "" : $" \"{figure.Layout.Title}\"";
        return MimeBundle.Of(MimeBundle.PlainText, $"Figure{title} ({traces} trace{(traces == 1 ? "" : "s")})")
            .With(PlotlyJson.MimeType, PlotlyJson.ToNode(figure))
            .With(MimeBundle.Html, FigureHtml.Fragment(figure));
    }
}

/// <summary>Marks a string as HTML for display (<c>display(new HtmlString("&lt;b&gt;hi&lt;/b&gt;"))</c>).</summary>
public sealed record HtmlString(string Html)
{
    public override string ToString() => Html;
}
