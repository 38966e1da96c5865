using NeuronLab.Model.Morph;

namespace NeuronLab.Interactive;

/// <summary>
/// Draws a <see cref="Morphology"/> in the x–y plane: one line per segment, line width proportional to the radius
/// (at the figure's scale, clamped to 0.75…14 px), coloured by SWC tag (soma, axon, dend, apic, other). Segments of
/// the same tag and width class share one trace (NaN breaks the line), so even large reconstructions stay small.
/// </summary>
public static class MorphologyView
{
    /// <summary>The conventional names of the SWC structure tags.</summary>
    public static string TagName(int tag) => tag switch
    {
        0 => "undefined",
        1 => "soma",
        2 => "axon",
        3 => "dend",
        4 => "apic",
        _ => $"tag {tag}",
    };

    private static string TagColor(int tag) => tag switch
    {
        1 => "#222222",
        2 => "#1f77b4",
        3 => "#2ca02c",
        4 => "#9467bd",
        _ => Palette.Traces[(tag + 3) % Palette.Traces.Count],
    };

    /// <summary>The x–y drawing; <paramref name="width"/> in pixels (the height follows the cell's aspect ratio).</summary>
    public static Figure Drawing(Morphology morphology, int width = 640, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(morphology);
        var points = morphology.Segments.SelectMany(s => new[] { s.Proximal, s.Distal }).ToList();
        double x0 = points.Min(p => p.X - p.Radius), x1 = points.Max(p => p.X + p.Radius);
        double y0 = points.Min(p => p.Y - p.Radius), y1 = points.Max(p => p.Y + p.Radius);
        var spanX = Math.Max(x1 - x0, 1e-9);
        var spanY = Math.Max(y1 - y0, 1e-9);
        // Equal scales on both axes: pad the shorter extent, size the figure to the aspect ratio.
        var plotWidth = width - 64 - 16 - 130.0;
        var height = (int)Math.Clamp(plotWidth * spanY / spanX + 72 + (title is null ? 0 : 28), 200, 720);
        var plotHeight = height - 72.0 - (title is null ? 0 : 28);
        var micronsPerPixel = Math.Max(spanX / plotWidth, spanY / plotHeight);
        var cx = (x0 + x1) / 2;
        var cy = (y0 + y1) / 2;
        var halfX = micronsPerPixel * plotWidth / 2;
        var halfY = micronsPerPixel * plotHeight / 2;

        var groups = morphology.Segments
            .GroupBy(s => (s.Tag, Width: WidthClass((s.Proximal.Radius + s.Distal.Radius) / micronsPerPixel)))
            .OrderBy(g => g.Key.Tag).ThenByDescending(g => g.Key.Width);
        var figure = new Figure();
        var named = new HashSet<int>();
        foreach (var g in groups)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (var s in g)
            {
                xs.AddRange([s.Proximal.X, s.Distal.X, double.NaN]);
                ys.AddRange([s.Proximal.Y, s.Distal.Y, double.NaN]);
            }
            figure = figure.Add(new ScatterTrace([.. xs], [.. ys])
            {
                Name = TagName(g.Key.Tag),
                ShowLegend = named.Add(g.Key.Tag),
                Mode = ScatterMode.Lines,
                Line = new LineStyle(TagColor(g.Key.Tag), g.Key.Width),
            });
        }
        return figure
            .WithAxes(x: new Axis("x (µm)", cx - halfX, cx + halfX), y: new Axis("y (µm)", cy - halfY, cy + halfY))
            .WithSize(width, height)
            .WithTitle(title);
    }

    /// <summary>Line width classes of 0.75 px (so that segments group into few traces).</summary>
    private static double WidthClass(double pixels) => Math.Clamp(Math.Round(pixels / 0.75) * 0.75, 0.75, 14);

    /// <summary>One row per branch: id, parent, region, segments, length [µm], mean radius [µm], area [µm²].</summary>
    public static IEnumerable<IReadOnlyList<object?>> BranchRows(Morphology morphology) =>
        morphology.Branches.Select(b =>
        {
            var segments = b.Segments.Select(i => morphology.Segments[i]).ToList();
            var length = segments.Sum(s => s.Length);
            var meanRadius = segments.Sum(s => s.Length * (s.Proximal.Radius + s.Distal.Radius) / 2) / Math.Max(length, 1e-300);
            return (IReadOnlyList<object?>)[b.Id, b.Parent < 0 ? "—" : b.Parent.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TagName(b.Tag), segments.Count, length, meanRadius, segments.Sum(s => s.LateralArea)];
        });

    /// <summary>One row per tag: region, branches, segments, total length [µm], area [µm²].</summary>
    public static IEnumerable<IReadOnlyList<object?>> RegionRows(Morphology morphology) =>
        morphology.Tags.Select(tag =>
        {
            var segments = morphology.Segments.Where(s => s.Tag == tag).ToList();
            return (IReadOnlyList<object?>)[TagName(tag), tag, morphology.Branches.Count(b => b.Tag == tag), segments.Count,
                segments.Sum(s => s.Length), segments.Sum(s => s.LateralArea)];
        });

    /// <summary>
    /// Drawing (inline SVG) + region table + branch table (the first <paramref name="maxBranches"/> branches), as HTML
    /// and text; no plotly entry, so that front ends with a plotly renderer still show the tables (use <see cref="Drawing"/>).
    /// </summary>
    public static MimeBundle Bundle(Morphology morphology, int maxBranches = 40, bool drawing = true)
    {
        var html = new HtmlView();
        if (drawing)
            html.Figure(Drawing(morphology, title: System.IO.Path.GetFileName(morphology.Source)));
        html.Heading($"{Summary(morphology)}")
            .Table(["region", "tag", "branches", "segments", "length (µm)", "area (µm²)"], RegionRows(morphology))
            .Heading(morphology.Branches.Length > maxBranches ? $"Branches (first {maxBranches} of {morphology.Branches.Length})" : "Branches")
            .Table(["branch", "parent", "region", "segments", "length (µm)", "mean radius (µm)", "area (µm²)"],
                BranchRows(morphology).Take(maxBranches));
        return MimeBundle.Of(MimeBundle.PlainText, Summary(morphology)).With(MimeBundle.Html, html.ToHtml());
    }

    /// <summary>"Morphology C4A.swc: 412 segments, 37 branches, area 1.2e+04 µm²".</summary>
    public static string Summary(Morphology morphology) =>
        $"Morphology {System.IO.Path.GetFileName(morphology.Source)}: {morphology.Segments.Length} segments, {morphology.Branches.Length} branches, "
        + $"area {HtmlView.FormatNumber(morphology.Area)} µm²";

}
