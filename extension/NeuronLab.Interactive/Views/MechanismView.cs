using NeuronLab.Model.Mechanisms;
using NeuronLab.Model.Nmodl;
using NeuronLab.Simulation.Kernels;

namespace NeuronLab.Interactive;

/// <summary>Source text to show in a notebook: the language and the text (shown preformatted).</summary>
public sealed record SourceCode(string Language, string Title, string Text)
{
    public override string ToString() => Text;

    /// <summary>HTML (preformatted, with a title) and text.</summary>
    public MimeBundle ToBundle() => MimeBundle.Of(MimeBundle.PlainText, Text)
        .With(MimeBundle.Html, new HtmlView().Heading(Title).Preformatted(Text).ToHtml());
}

/// <summary>
/// Shows a <see cref="Mechanism"/>: kind, update method, parameters and globals (unit, default, bounds), states (unit,
/// initial value, derivative), currents and ions. <see cref="Source"/> gives the C# kernel NeuronLab generates for it,
/// <see cref="Nmodl"/> the mechanism written back as NMODL.
/// </summary>
public static class MechanismView
{
    /// <summary>The C# kernel source generated for the mechanism (<see cref="KernelSourceEmitter.Emit(NeuronLab.Model.Mechanisms.Mechanism, out string)"/>).</summary>
    public static SourceCode Source(this Mechanism mechanism)
    {
        var text = KernelSourceEmitter.Emit(mechanism, out var className);
        return new SourceCode("csharp", $"Generated kernel {className} (C#)", text);
    }

    /// <summary>The mechanism written as NMODL (<see cref="NmodlWriter.Write"/>).</summary>
    public static SourceCode Nmodl(this Mechanism mechanism) =>
        new("nmodl", $"{mechanism.Name} as NMODL", NmodlWriter.Write(mechanism));

    /// <summary>"Mechanism hh (density, cnexp): 4 parameters, 3 states, currents na, k, nonspecific".</summary>
    public static string Summary(Mechanism m) =>
        $"Mechanism {m.Name} ({m.Kind.ToString().ToLowerInvariant()}, {m.Method.ToString().ToLowerInvariant()}): "
        + $"{m.Parameters.Length} parameters, {m.States.Length} states, currents {string.Join(", ", m.Currents.Select(CurrentName))}";

    private static string CurrentName(MechanismCurrent c) => c.Ion ?? "nonspecific";

    /// <summary>Tables as HTML and a text summary; with <paramref name="withSource"/> the generated C# kernel too.</summary>
    public static MimeBundle Bundle(Mechanism m, bool withSource = false)
    {
        ArgumentNullException.ThrowIfNull(m);
        var html = new HtmlView().Heading(Summary(m));
        if (m.Description.Length > 0)
            html.Paragraph(m.Description);
        html.Heading("Parameters").Table(["name", "unit", "default", "lower", "upper"],
            m.Parameters.Select(p => (IReadOnlyList<object?>)[p.Name, p.Unit, p.Default, p.Lower, p.Upper]));
        if (!m.Globals.IsEmpty)
            html.Heading("Globals").Table(["name", "unit", "value"], m.Globals.Select(g => (IReadOnlyList<object?>)[g.Name, g.Unit, g.Default]));
        if (!m.States.IsEmpty)
            html.Heading("States").Table(["name", "unit", "initial", "d/dt"],
                m.States.Select(s => (IReadOnlyList<object?>)[s.Name, s.Unit, s.Initial.ToString(), s.Derivative.ToString()]));
        html.Heading("Currents").Table(["ion", "density (mA/cm²)"], m.Currents.Select(c => (IReadOnlyList<object?>)[CurrentName(c), c.Density.ToString()]));
        if (!m.Ions.IsEmpty)
            html.Heading("Ions").Table(["ion", "reads", "writes current"],
                m.Ions.Select(i => (IReadOnlyList<object?>)[i.Ion, string.Join(", ", i.Reads), i.WritesCurrent ? "yes" : "no"]));
        var text = Summary(m);
        if (withSource)
        {
            var source = m.Source();
            html.Heading(source.Title).Preformatted(source.Text);
            text += "\n" + source.Text;
        }
        return MimeBundle.Of(MimeBundle.PlainText, text).With(MimeBundle.Html, html.ToHtml());
    }
}
