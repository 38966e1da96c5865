using System.Globalization;
using System.Net;
using System.Text;

namespace NeuronLab.Interactive;

/// <summary>
/// Builds the HTML of a formatter's output from structural pieces (headings, tables, preformatted text, figures).
/// The styling lives in the embedded <c>table.css</c> and the frame in <c>view.html</c> (STYLE 11); every text is
/// HTML-encoded here, so callers pass plain strings.
/// </summary>
public sealed class HtmlView
{
    private readonly StringBuilder _body = new();

    /// <summary>Adds a small heading.</summary>
    public HtmlView Heading(string text)
    {
        _body.Append("<h4>").Append(Encode(text)).Append("</h4>\n");
        return this;
    }

    /// <summary>Adds a paragraph of text.</summary>
    public HtmlView Paragraph(string text)
    {
        _body.Append("<p>").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Adds a table; numbers (<see cref="double"/>, <see cref="int"/>) are right-aligned and formatted with G6.</summary>
    public HtmlView Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        _body.Append("<table class=\"neuronlab-table\"><thead><tr>");
        foreach (var h in header)
            _body.Append("<th>").Append(Encode(h)).Append("</th>");
        _body.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row)
            {
                var (text, cls) = cell switch
                {
                    null => ("", "num"),
                    double d => (FormatNumber(d), "num"),
                    int or long => (Convert.ToString(cell, CultureInfo.InvariantCulture)!, "num"),
                    bool b => (b ? "pass" : "FAIL", b ? "pass" : "fail"),
                    _ => (Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "", ""),
                };
                _body.Append(cls.Length == 0 ? "<td>" : $"<td class=\"{cls}\">").Append(Encode(text)).Append("</td>");
            }
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody></table>\n");
        return this;
    }

    /// <summary>Adds preformatted text (source code, logs).</summary>
    public HtmlView Preformatted(string text)
    {
        _body.Append("<pre class=\"neuronlab-source\">").Append(Encode(text)).Append("</pre>\n");
        return this;
    }

    /// <summary>Adds a link (e.g. to an output folder).</summary>
    public HtmlView Link(string text, string href)
    {
        _body.Append("<p><a href=\"").Append(Encode(href)).Append("\">").Append(Encode(text)).Append("</a></p>\n");
        return this;
    }

    /// <summary>Adds a figure as its self-contained HTML (inline SVG).</summary>
    public HtmlView Figure(Figure figure)
    {
        _body.Append(FigureHtml.Fragment(figure)).Append('\n');
        return this;
    }

    /// <summary>The finished HTML fragment.</summary>
    public string ToHtml() => Templates.Fill("view.html", raw: new Dictionary<string, string>
    {
        ["css"] = Templates.Load("table.css"),
        ["body"] = _body.ToString(),
    });

    public override string ToString() => ToHtml();

    /// <summary>G6, invariant culture; NaN and infinities spelled out.</summary>
    public static string FormatNumber(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
