using System.Globalization;
using NeuronLab.Model.Cells;

namespace NeuronLab.Interactive;

/// <summary>
/// Shows a <see cref="CellDescription"/>: the morphology drawing (for morphology cells) and tables of the regions,
/// what is painted where (mechanisms with their overridden values, cm, Ra, v_init, reversal potentials) and the
/// learnable parameters (unit, default, bounds, targets).
/// </summary>
public static class CellView
{
    /// <summary>A region in words: <c>all</c>, <c>soma (tag 1)</c>, <c>branches 0, 3</c>, ….</summary>
    public static string Describe(Region region) => region switch
    {
        AllRegion => "all",
        TagRegion t => $"{MorphologyView.TagName(t.Tag)} (tag {t.Tag})",
        NamedRegion n => n.Name,
        BranchRegion b => "branches " + string.Join(", ", b.Branches),
        CompartmentRegion c => "compartments " + string.Join(", ", c.Ids),
        UnionRegion u => string.Join(" ∪ ", u.Parts.Select(Describe)),
        _ => region.ToString(),
    };

    /// <summary>What a paint sets, in words, with units.</summary>
    public static (string What, string Values) Describe(Paintable paintable) => paintable switch
    {
        MechanismPaint m => (m.Mechanism.Name, m.Values.IsEmpty ? "defaults"
            : string.Join(", ", m.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
                $"{kv.Key} = {HtmlView.FormatNumber(kv.Value)} {m.Mechanism.Parameters.FirstOrDefault(p => p.Name == kv.Key)?.Unit}".TrimEnd()))),
        MembraneCapacitance c => ("cm", $"{HtmlView.FormatNumber(c.Value)} µF/cm²"),
        AxialResistivity r => ("Ra", $"{HtmlView.FormatNumber(r.Value)} Ω·cm"),
        InitialVoltage v => ("v_init", $"{HtmlView.FormatNumber(v.Value)} mV"),
        ReversalPotential e => ($"e{e.Ion}", $"{HtmlView.FormatNumber(e.Value)} mV"),
        _ => (paintable.GetType().Name, paintable.ToString()),
    };

    /// <summary>A parameter target in words.</summary>
    public static string Describe(ParameterTarget target) => target switch
    {
        MechanismFieldTarget m => $"{m.Mechanism}.{m.Field} on {Describe(m.Region)}",
        ReversalPotentialTarget e => $"e{e.Ion} on {Describe(e.Region)}",
        CapacitanceTarget c => $"cm on {Describe(c.Region)}",
        StimulusGainTarget s => $"gain of stimulus {s.Stimulus}",
        _ => target.ToString(),
    };

    /// <summary>One line: shape, compartments policy, mechanisms.</summary>
    public static string Summary(CellDescription cell)
    {
        var shape = cell.Shape switch
        {
            MorphologyShape m => $"{System.IO.Path.GetFileName(m.Morphology.Source)} ({m.Morphology.Branches.Length} branches, {Describe(m.Discretization)})",
            GraphShape g => $"compartment graph ({g.Graph.Compartments.Length} compartments)",
            _ => cell.Shape.GetType().Name,
        };
        var mechanisms = cell.Decor.Paints.Select(p => p.What).OfType<MechanismPaint>().Select(m => m.Mechanism.Name).Distinct();
        return $"Cell: {shape}; mechanisms: {string.Join(", ", mechanisms)}; {cell.Parameters.Length} parameters; "
            + $"{cell.Temperature.ToString("G4", CultureInfo.InvariantCulture)} °C";
    }

    /// <summary>The discretisation policy in words.</summary>
    public static string Describe(Discretization d) => d switch
    {
        PerSegmentDiscretization => "one compartment per segment",
        PerBranchDiscretization b => $"{b.Count} compartments per branch",
        MaxLengthDiscretization m => $"compartments ≤ {HtmlView.FormatNumber(m.Microns)} µm",
        FixedCountDiscretization f => $"{f.Total} compartments",
        _ => d.ToString(),
    };

    /// <summary>The x–y drawing of a morphology cell (an interactive plotly figure); null for compartment-graph cells.</summary>
    public static Figure? Drawing(CellDescription cell) => cell.Shape is MorphologyShape m
        ? MorphologyView.Drawing(m.Morphology, title: System.IO.Path.GetFileName(m.Morphology.Source))
        : null;

    /// <summary>
    /// Drawing (morphology cells, inline SVG) + tables, as HTML and text. There is no plotly entry on purpose: a
    /// front end with a plotly renderer would show only the figure and drop the tables; <see cref="Drawing"/> gives
    /// the interactive figure.
    /// </summary>
    public static MimeBundle Bundle(CellDescription cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var html = new HtmlView();
        if (Drawing(cell) is { } figure)
            html.Figure(figure);
        html.Heading(Summary(cell));
        if (cell.Shape is MorphologyShape m)
            html.Heading("Regions").Table(["region", "tag", "branches", "segments", "length (µm)", "area (µm²)"], MorphologyView.RegionRows(m.Morphology));
        if (!cell.NamedRegions.IsEmpty)
            html.Heading("Named regions").Table(["name", "region"],
                cell.NamedRegions.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (IReadOnlyList<object?>)[kv.Key, Describe(kv.Value)]));
        html.Heading("Painted").Table(["region", "what", "values"], cell.Decor.Paints.Select(p =>
        {
            var (what, values) = Describe(p.What);
            return (IReadOnlyList<object?>)[Describe(p.Region), what, values];
        }));
        var mechanisms = cell.Decor.Paints.Select(p => p.What).OfType<MechanismPaint>().Select(p => p.Mechanism)
            .DistinctBy(x => x.Name).ToList();
        if (mechanisms.Count > 0)
            html.Heading("Mechanisms").Table(["mechanism", "parameters (default)", "states", "ions"], mechanisms.Select(x => (IReadOnlyList<object?>)[
                x.Name,
                string.Join(", ", x.Parameters.Select(p => $"{p.Name} = {HtmlView.FormatNumber(p.Default)} {p.Unit}".TrimEnd())),
                string.Join(", ", x.States.Select(s => s.Name)),
                string.Join(", ", x.Ions.Select(i => i.Ion)),
            ]));
        if (!cell.Parameters.IsEmpty)
            html.Heading("Parameters").Table(["name", "unit", "default", "lower", "upper", "sets"], cell.Parameters.Select(p => (IReadOnlyList<object?>)[
                p.Name, p.Unit, p.Default, p.Lower, p.Upper, string.Join("; ", p.Targets.Select(Describe)),
            ]));
        return MimeBundle.Of(MimeBundle.PlainText, Summary(cell)).With(MimeBundle.Html, html.ToHtml());
    }
}
