using System.Collections.Immutable;
using System.Text.Json.Nodes;
using NeuronLab.Fitting;
using NeuronLab.Model.Catalogue;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;
using NeuronLab.Optimization.Bijectors;
using NeuronLab.Simulation;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Interactive.Tests;

/// <summary><c>#!fit</c>: option errors, short Adam and CMA-ES fits of a one-compartment HH cell, interrupt.</summary>
[Collection(nameof(StaticStateCollection))]
public sealed class FitMagicTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "neuronlab-fitmagic-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private sealed class Context(MagicRegistry magics, CancellationToken token = default) : IMagicContext
    {
        public StringWriter Writer { get; } = new();
        public TextWriter Out => Writer;
        public IReadOnlyList<VariableInfo> Variables { get; set; } = [];
        public MagicRegistry Magics => magics;
        public CancellationToken CancellationToken => token;
    }

    /// <summary>One HH compartment (1000 µm²), 10 ms at dt 0.05 ms, one 0.1 nA step; gNa and gK fitted in mS/cm² in log space.</summary>
    internal static FittingProblem TinyProblem()
    {
        var graph = CompartmentGraph.FromEdges(1, [], 1000, 1e-3);
        var cell = new CellDescription(new GraphShape(graph), Decor.Empty
                .With(Region.All, BuiltinMechanisms.HodgkinHuxley())
                .With(Region.All, new MembraneCapacitance(1))
                .With(Region.All, new InitialVoltage(-65)))
            .WithParameter(ParameterDefinition.ForMechanism("gnabar", Region.All, "hh", "gnabar", "S/cm2", 0.12, 0))
            .WithParameter(ParameterDefinition.ForMechanism("gkbar", Region.All, "hh", "gkbar", "S/cm2", 0.036, 0));
        var path = new FixedStepPath(new SimulationSettings(10, 0.05, TimeScheme.BackwardEuler, [Probe.Voltage("v", Location.AtCompartment(0))]));
        ImmutableArray<ImmutableArray<CurrentClamp>> stimuli = [[new CurrentClamp("I", Location.AtCompartment(0), new StepWaveform(1, 8, 0.1))]];
        return new FittingProblem(CellLowering.Lower(cell), path,
            [new FitParameter("gnabar", 1e-3, new LogBijector()), new FitParameter("gkbar", 1e-3, new LogBijector())], stimuli, FitLoss.HalfMeanOverTime);
    }

    private static readonly double[] Truth = [130, 30];

    private async Task<(List<(MimeBundle Data, string? DisplayId, bool Update)> Events, Context Context)> Run(string line, CancellationToken token = default)
    {
        var registry = MagicRegistry.CreateDefault();
        var problem = TinyProblem();
        var context = new Context(registry, token)
        {
            Variables =
            [
                new VariableInfo("problem", typeof(FittingProblem), problem),
                new VariableInfo("truth", typeof(double[]), Truth),
                new VariableInfo("objective", typeof(FitObjective), FitObjective.FromGroundTruth(problem, Truth)),
                new VariableInfo("text", typeof(string), "hello"),
            ],
        };
        var publisher = new FormatterTests.RecordingPublisher();
        Display.Publisher = publisher;
        try
        {
            await registry.RunAsync(line, context, _ => Task.CompletedTask);
        }
        finally
        {
            Display.Publisher = null;
        }
        return (publisher.Events, context);
    }

    [Theory]
    [InlineData("#!fit", "option --problem is required")]
    [InlineData("#!fit --problem nothing", "no variable 'nothing'")]
    [InlineData("#!fit --problem text", "not a FitObjective or FittingProblem")]
    [InlineData("#!fit --problem problem", "without targets: give --truth")]
    [InlineData("#!fit --problem objective --truth truth", "drop --truth")]
    [InlineData("#!fit --problem problem --truth text", "not a list of numbers")]
    [InlineData("#!fit --problem objective --optimizer sgd", "expected one of adam, cmaes")]
    [InlineData("#!fit --problem objective --iterations 0", "--iterations must be at least 1")]
    [InlineData("#!fit --problem objective --iterations ten", "'ten' is not a valid value for --iterations")]
    [InlineData("#!fit --problem objective --lr -1", "--lr must be positive")]
    [InlineData("#!fit --problem objective --sigma 0", "--sigma must be positive")]
    [InlineData("#!fit --problem objective --popsize 1", "--popsize must be at least 2")]
    [InlineData("#!fit --problem objective --x0 truth2", "no variable 'truth2'")]
    public async Task Fit_BadOptions_ClearErrorWithoutStackTrace(string line, string message)
    {
        var e = await Assert.ThrowsAsync<MagicException>(() => Run(line));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fit_Adam_UpdatesMonitorInPlaceAndShowsParameters()
    {
        var interval = RunMonitor.MinInterval;
        RunMonitor.MinInterval = TimeSpan.Zero;
        try
        {
            var (events, context) = await Run($"#!fit --problem problem --truth truth --optimizer adam --iterations 6 --lr 0.05 --out {_dir}");
            var monitorId = events[0].DisplayId;
            var updates = events.Where(e => e.DisplayId == monitorId).ToList();
            Assert.True(updates.Count >= 7, $"{updates.Count} publications of the run view; expected the start and one per iteration");
            Assert.All(updates.Skip(1), u => Assert.True(u.Update));
            var figure = (JsonObject)updates[^1].Data[PlotlyJson.MimeType];
            Assert.Contains(figure["data"]!.AsArray(), t => (string?)t!["name"] == "gnabar");
            var table = events[^1].Data;
            Assert.Contains("truth", (string)table[MimeBundle.Html], StringComparison.Ordinal);
            Assert.Contains("gkbar", (string)table[MimeBundle.PlainText], StringComparison.Ordinal);
            Assert.Contains("MaxIterations", context.Writer.ToString(), StringComparison.Ordinal);
            var last = FitMagic.Last!;
            Assert.Equal(6, last.Records.Count);
            Assert.True(last.Records[^1].Loss < last.Records[0].Loss, "Adam should lower the loss in 6 steps");
            Assert.True(File.Exists(Path.Combine(_dir, "records.csv")));
        }
        finally
        {
            RunMonitor.MinInterval = interval;
        }
    }

    [Fact]
    public async Task Fit_CmaEs_OnObjective_RunsGenerations()
    {
        var (_, context) = await Run("#!fit --problem objective --optimizer cmaes --iterations 3 --popsize 6 --sigma 0.1 --seed 2");
        var last = FitMagic.Last!;
        Assert.Equal(FitOptimizer.CmaEs, last.Optimizer);
        Assert.Equal(3, last.Records.Count);
        Assert.Equal(3 * 6, last.Result.Evaluations);
        Assert.Contains("18 evaluations", context.Writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fit_Interrupted_StopsWithCancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run($"#!fit --problem objective --iterations 50 --out {_dir}", cancelled.Token));
    }
}
