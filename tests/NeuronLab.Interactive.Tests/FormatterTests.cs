using System.Text.Json.Nodes;

namespace NeuronLab.Interactive.Tests;

/// <summary>Formatter and Display share static state; these tests do not run in parallel with each other.</summary>
[Collection(nameof(StaticStateCollection))]
public sealed class FormatterTests
{
    private sealed record Neuron(string Name);

    private sealed record Pyramidal(string Name) : Neuron2(Name);

    private record Neuron2(string Name);

    [Fact]
    public void Format_Figure_HasPlotlyHtmlAndPlainText()
    {
        var bundle = Formatter.Format(new Figure().AddLine([0, 1], [1, 2]).WithTitle("t"));
        Assert.IsAssignableFrom<JsonNode>(bundle[PlotlyJson.MimeType]);
        Assert.Contains("<svg", (string)bundle[MimeBundle.Html], StringComparison.Ordinal);
        Assert.Equal("Figure \"t\" (1 trace)", bundle[MimeBundle.PlainText]);
    }

    [Fact]
    public void Format_UnregisteredValues_FallBackToPlainText()
    {
        Assert.Equal("6", Formatter.Format(6)[MimeBundle.PlainText]);
        Assert.Equal("1.5", Formatter.Format(1.5)[MimeBundle.PlainText]);
        Assert.Equal("[1, 4, 9]", Formatter.Format(new[] { 1, 4, 9 })[MimeBundle.PlainText]);
        Assert.Equal("null", Formatter.Format(null)[MimeBundle.PlainText]);
        Assert.Equal("Neuron { Name = a }", Formatter.Format(new Neuron("a"))[MimeBundle.PlainText]);
        Assert.Single(Formatter.Format(new Neuron("a")));
    }

    [Fact]
    public void Register_MimeTypes_AddUpAndBaseTypeApplies()
    {
        try
        {
            Formatter.Register<Neuron2>(n => $"<b>{n.Name}</b>", MimeBundle.Html);
            Formatter.Register<Neuron2>(n => $"neuron {n.Name}", MimeBundle.PlainText);
            var bundle = Formatter.Format(new Pyramidal("p1"));
            Assert.Equal("<b>p1</b>", bundle[MimeBundle.Html]);
            Assert.Equal("neuron p1", bundle[MimeBundle.PlainText]);
        }
        finally
        {
            Formatter.ResetToDefaults();
        }
    }

    [Fact]
    public void Display_WithPublisher_PublishesAndUpdatesById()
    {
        var publisher = new RecordingPublisher();
        Display.Publisher = publisher;
        try
        {
            var handle = Display.Show(new Figure());
            handle.Update(42);
            Assert.Equal(2, publisher.Events.Count);
            Assert.False(publisher.Events[0].Update);
            Assert.True(publisher.Events[1].Update);
            Assert.Equal(publisher.Events[0].DisplayId, publisher.Events[1].DisplayId);
            Assert.Equal("42", publisher.Events[1].Data[MimeBundle.PlainText]);
        }
        finally
        {
            Display.Publisher = null;
        }
    }

    [Fact]
    public void ProgressDisplay_ThrottlesAndAlwaysShowsCompletion()
    {
        var publisher = new RecordingPublisher();
        Display.Publisher = publisher;
        try
        {
            using (var progress = ProgressDisplay.Start("fit", 1000))
            {
                for (var i = 0; i < 1000; i++)
                    progress.Report(i + 1, "loss 0.1");
            }
            Assert.InRange(publisher.Events.Count, 2, 10);
            var last = publisher.Events[^1];
            Assert.True(last.Update);
            Assert.Contains("100%", (string)last.Data[MimeBundle.PlainText], StringComparison.Ordinal);
            Assert.Contains("width: 100.0%", (string)last.Data[MimeBundle.Html], StringComparison.Ordinal);
        }
        finally
        {
            Display.Publisher = null;
        }
    }

    internal sealed class RecordingPublisher : IDisplayPublisher
    {
        public List<(MimeBundle Data, string? DisplayId, bool Update)> Events { get; } = [];
        public void Publish(MimeBundle data, string? displayId, bool update) => Events.Add((data, displayId, update));
        public void ClearOutput(bool wait) { }
    }
}

[CollectionDefinition(nameof(StaticStateCollection), DisableParallelization = true)]
public sealed class StaticStateCollection;
