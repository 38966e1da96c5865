using System.Text.Json;
using NeuronLab.Experiments;
using NeuronLab.Interactive;

namespace NeuronLab.Kernel;

/// <summary>
/// <c>#!reproduce [experiment] [--quick] [--out DIR] [--threads N] [--seed N]</c>: runs an experiment of
/// <see cref="ExperimentCatalogue"/> through <see cref="ExperimentRunner.Run"/> (what the <c>reproduce</c> command line
/// calls), streams its log, then shows its claims as a table and links its output folder. Without an experiment it lists
/// them. Without <c>--quick</c>, the size follows the notebook's <c>bool quick</c> variable when one is defined.
/// It lives in the kernel because the notebook layer may not reference the experiments.
/// </summary>
public sealed class ReproduceMagic : MagicCommand
{
    public override string Name => "reproduce";
    public override string Description => "Runs an experiment (paper figure, validation) with its log streamed; shows its claims.";
    public override IReadOnlyList<string> Arguments => ["experiment"];
    public override string? Example => "#!reproduce validate-neuron --quick";
    public override IReadOnlyList<MagicOption> Options { get; } =
    [
        new MagicOption("quick", typeof(bool), "The CI size (minutes) instead of the paper's; default: the notebook's `quick` variable, else false."),
        new MagicOption("out", typeof(string), "The output root; the experiment writes OUT/<name>/.", "out"),
        new MagicOption("threads", typeof(int), "Threads.", Math.Max(1, Environment.ProcessorCount)),
        new MagicOption("seed", typeof(int), "Random seed.", 1),
    ];

    public override async Task InvokeAsync(MagicInvocation invocation, IMagicContext context, Func<Task> next)
    {
        if (invocation.Arguments.Count == 0)
        {
            Display.Show(MimeBundle.Of(MimeBundle.PlainText, string.Join("\n", ExperimentCatalogue.All.Select(e => $"{e.Name,-16} {e.Description}")))
                .With(MimeBundle.Html, new HtmlView().Heading("Experiments (#!reproduce <name> [--quick])")
                    .Table(["name", "description"], ExperimentCatalogue.All.Select(e => (IReadOnlyList<object?>)[e.Name, e.Description])).ToHtml()));
            await next().ConfigureAwait(false);
            return;
        }
        var name = invocation.Arguments[0];
        var experiment = ExperimentCatalogue.Find(name)
            ?? throw new MagicException($"#!reproduce: unknown experiment '{name}'. Known: {string.Join(", ", ExperimentCatalogue.All.Select(e => e.Name))}.");
        var quick = invocation.Has("quick")
            ? invocation.Get<bool>("quick")
            : context.Variables.LastOrDefault(v => v.Name == "quick")?.Value is true;
        var threads = invocation.Get<int>("threads");
        if (threads < 1)
            throw new MagicException("#!reproduce: --threads must be at least 1.");
        var outRoot = Path.GetFullPath(invocation.Get<string>("out"));
        context.Out.WriteLine($"Running {name} ({(quick ? "quick" : "full size")}, {threads} threads, seed {invocation.Get<int>("seed")}) into {Path.Combine(outRoot, name)}");
        var code = await Task.Run(() => ExperimentRunner.Run(experiment, outRoot, quick, threads, invocation.Get<int>("seed"),
            context.CancellationToken, context.Out), context.CancellationToken).ConfigureAwait(false);
        context.CancellationToken.ThrowIfCancellationRequested();
        var dir = Path.Combine(outRoot, name);
        Display.Show(ClaimsView(name, dir, code));
        if (code == ExperimentRunner.Error)
            throw new MagicException($"#!reproduce: {name} failed; see the log above and {Path.Combine(dir, "summary.json")}.");
        await next().ConfigureAwait(false);
    }

    /// <summary>The claims of <c>DIR/summary.json</c> as a table, with links to the folder and the report.</summary>
    internal static MimeBundle ClaimsView(string name, string dir, int exitCode)
    {
        var summaryPath = Path.Combine(dir, "summary.json");
        using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
        var claims = summary.RootElement.GetProperty("claims").EnumerateArray().Select(c => (
            Id: c.GetProperty("id").GetString() ?? "", Claim: c.GetProperty("claim").GetString() ?? "",
            Expected: c.GetProperty("expected").GetString() ?? "", Measured: c.GetProperty("measured").GetString() ?? "",
            Pass: c.GetProperty("pass").GetBoolean())).ToList();
        var seconds = summary.RootElement.TryGetProperty("seconds", out var s) ? s.GetDouble() : double.NaN;
        var verdict = $"{name}: {claims.Count(c => c.Pass)}/{claims.Count} claims pass in {seconds:F1} s (exit code {exitCode})";
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, dir);
        var href = relative.StartsWith("..", StringComparison.Ordinal) ? new Uri(dir).AbsoluteUri : relative.Replace('\\', '/');
        var html = new HtmlView().Heading(verdict)
            .Table(["claim", "what", "expected", "measured", "pass"], claims.Select(c => (IReadOnlyList<object?>)[c.Id, c.Claim, c.Expected, c.Measured, c.Pass]))
            .Link($"Output folder: {dir}", href);
        if (File.Exists(Path.Combine(dir, "report.md")))
            html.Link("report.md", href + "/report.md");
        var text = verdict + "\n" + string.Join("\n", claims.Select(c => $"{(c.Pass ? "PASS" : "FAIL")} {c.Id}: {c.Measured} (expected {c.Expected})"))
            + $"\nOutput folder: {dir}";
        return MimeBundle.Of(MimeBundle.PlainText, text).With(MimeBundle.Html, html.ToHtml());
    }
}
