namespace NeuronLab.Interactive;

/// <summary>
/// Self-contained HTML for a figure: the static SVG inline plus its CSS, with no script and no external URL,
/// so it renders in any notebook viewer (GitHub, nbviewer, e-mail) and offline.
/// </summary>
public static class FigureHtml
{
    /// <summary>An HTML fragment for a notebook output.</summary>
    public static string Fragment(Figure figure) => Templates.Fill("figure.html", raw: new Dictionary<string, string>
    {
        ["css"] = Templates.Load("figure.css"),
        ["svg"] = SvgRenderer.Render(figure, standalone: false),
    });

    /// <summary>A whole HTML document (for writing an .html file).</summary>
    public static string Document(Figure figure) => Templates.Fill("document.html",
        raw: new Dictionary<string, string> { ["body"] = Fragment(figure) },
        text: new Dictionary<string, string> { ["title"] = figure.Layout.Title ?? "NeuronLab figure" });
}
