namespace NeuronLab.Interactive.Tests;

public sealed class MagicTests
{
    private enum Backend { Cpu, Gpu }

    private sealed class FitMagic : MagicCommand
    {
        public override string Name => "fit";
        public override string Description => "test magic";
        public override IReadOnlyList<MagicOption> Options { get; } =
        [
            new("epochs", typeof(int), "epochs", 10),
            new("lr", typeof(double), "learning rate", 0.01),
            new("backend", typeof(Backend), "backend", Backend.Cpu),
            new("quick", typeof(bool), "quick", false),
            new("budget", typeof(TimeSpan), "time budget"),
            new("name", typeof(string), "run name", Required: false),
        ];

        public MagicInvocation? Last { get; private set; }

        public override Task InvokeAsync(MagicInvocation invocation, IMagicContext context, Func<Task> next)
        {
            Last = invocation;
            return next();
        }
    }

    private sealed class Context(MagicRegistry magics) : IMagicContext
    {
        public StringWriter Writer { get; } = new();
        public TextWriter Out => Writer;
        public IReadOnlyList<VariableInfo> Variables { get; set; } = [];
        public MagicRegistry Magics => magics;
        public CancellationToken CancellationToken => default;
    }

    private static (MagicRegistry, FitMagic, Context) Setup()
    {
        var registry = MagicRegistry.CreateDefault();
        var fit = new FitMagic();
        registry.Register(fit);
        return (registry, fit, new Context(registry));
    }

    [Fact]
    public async Task Run_TypedOptions_AreParsedAndCodeRuns()
    {
        var (registry, fit, context) = Setup();
        string? ran = null;
        await registry.RunAsync("#!fit --epochs 200 --lr=1e-3 --backend gpu --quick --budget 2s --name \"run 1\"\nvar x = 1;", context,
            code => { ran = code; return Task.CompletedTask; });
        var inv = fit.Last!;
        Assert.Equal(200, inv.Get<int>("epochs"));
        Assert.Equal(1e-3, inv.Get<double>("lr"));
        Assert.Equal(Backend.Gpu, inv.Get<Backend>("backend"));
        Assert.True(inv.Get<bool>("quick"));
        Assert.Equal(TimeSpan.FromSeconds(2), inv.Get<TimeSpan>("budget"));
        Assert.Equal("run 1", inv.Get<string>("name"));
        Assert.Equal("\nvar x = 1;", ran); // the magic line becomes an empty line: diagnostics keep their line numbers
    }

    [Fact]
    public async Task Run_PercentPrefixAndDefaults()
    {
        var (registry, fit, context) = Setup();
        await registry.RunAsync("%fit", context, _ => Task.CompletedTask);
        Assert.Equal(10, fit.Last!.Get<int>("epochs"));
        Assert.False(fit.Last.Has("epochs"));
    }

    [Theory]
    [InlineData("#!nope", "Unknown magic command '#!nope'")]
    [InlineData("#!fit --epochs many", "'many' is not a valid value for --epochs; expected integer")]
    [InlineData("#!fit --backend tpu", "expected one of cpu, gpu")]
    [InlineData("#!fit --wat 1", "unknown option --wat")]
    [InlineData("#!fit --epochs", "needs a value")]
    [InlineData("#!time extra", "unexpected argument 'extra'")]
    [InlineData("#!fit --name \"open", "Unterminated quote")]
    public async Task Run_BadMagic_ThrowsMagicExceptionBeforeRunningCode(string cell, string message)
    {
        var (registry, _, context) = Setup();
        var ran = false;
        var e = await Assert.ThrowsAsync<MagicException>(() => registry.RunAsync(cell + "\nx", context, _ => { ran = true; return Task.CompletedTask; }));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.False(ran);
    }

    [Fact]
    public async Task Help_ListsEveryMagic_AndOptionsOfOne()
    {
        var (registry, _, context) = Setup();
        await registry.RunAsync("#!help", context, _ => Task.CompletedTask);
        var text = context.Writer.ToString();
        foreach (var name in new[] { "#!help", "#!time", "#!who", "#!fit" })
            Assert.Contains(name, text, StringComparison.Ordinal);
        await registry.RunAsync("#!help fit", context, _ => Task.CompletedTask);
        Assert.Contains("--epochs", context.Writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Time_PrintsWallTimeEvenWhenCodeThrows()
    {
        var (registry, _, context) = Setup();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            registry.RunAsync("#!time\nboom", context, _ => throw new InvalidOperationException()));
        Assert.Contains("Wall time:", context.Writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Who_ListsVariablesWithTypes()
    {
        var (registry, _, context) = Setup();
        context.Variables = [new VariableInfo("x", typeof(int), 5), new VariableInfo("names", typeof(List<string>), new List<string> { "a" })];
        await registry.RunAsync("#!who --types", context, _ => Task.CompletedTask);
        var text = context.Writer.ToString();
        Assert.Contains("x", text, StringComparison.Ordinal);
        Assert.Contains("List<String>", text, StringComparison.Ordinal);
        Assert.Contains("[a]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_CodeWithoutMagics_IsUnchanged()
    {
        var (magics, code) = MagicParser.Split("var x = 1 % 2;\n#!time");
        Assert.Empty(magics);
        Assert.Equal("var x = 1 % 2;\n#!time", code);
    }
}
