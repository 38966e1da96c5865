using System.CommandLine;
using NeuronLab.Experiments;

namespace NeuronLab.Reproduce;

/// <summary>
/// The reproduce command line (DESIGN.md §"Experiments"): <c>list</c>, <c>run &lt;name|all&gt; [--quick] [--out DIR]
/// [--threads N] [--seed N]</c>, <c>simulate &lt;cell.json&gt; --out DIR</c>. Exit code 0 when every claim passes (or
/// the simulation ran), 3 when a claim fails, 1 on an error, 2 on bad usage.
/// </summary>
public static class Cli
{
    public const int UsageError = 2;

    public static int Run(string[] args)
    {
        var root = new RootCommand("NeuronLab: reproduce the figures of Jones & Kording 2024 and Landsmeer et al. 2024, validate against NEURON, benchmark.");

        var list = new Command("list", "List the experiments.");
        list.SetAction(_ =>
        {
            foreach (var e in ExperimentCatalogue.All) Console.WriteLine($"{e.Name,-18} {e.Description}");
            return 0;
        });
        root.Subcommands.Add(list);

        var name = new Argument<string>("name") { Description = "Experiment name (see list), or 'all'." };
        var quick = new Option<bool>("--quick") { Description = "Run the CI size (minutes) instead of the paper's." };
        var output = new Option<string>("--out") { Description = "Output folder; each experiment writes OUT/<name>/.", DefaultValueFactory = _ => "out" };
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { Description = "Seed for everything random.", DefaultValueFactory = _ => 20230619 };
        var run = new Command("run", "Run an experiment (or all) and write summary.json, report.md, data and figures.") { name, quick, output, threads, seed };
        run.SetAction((parse, token) =>
        {
            var requested = parse.GetValue(name)!;
            var experiments = requested == "all" ? ExperimentCatalogue.All : ExperimentCatalogue.Find(requested) is { } e ? [e] : [];
            if (experiments.Count == 0)
            {
                Console.Error.WriteLine($"Unknown experiment '{requested}'. Known: {string.Join(", ", ExperimentCatalogue.All.Select(x => x.Name))}, all.");
                return Task.FromResult(UsageError);
            }
            var worst = ExperimentRunner.Success;
            foreach (var experiment in experiments)
            {
                var code = ExperimentRunner.Run(experiment, parse.GetValue(output)!, parse.GetValue(quick), Math.Max(1, parse.GetValue(threads)), parse.GetValue(seed), token, Console.Out);
                worst = Worse(worst, code);
            }
            return Task.FromResult(worst);
        });
        root.Subcommands.Add(run);

        root.Subcommands.Add(SimulateCommand.Create());

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine("See --help.");
            return UsageError;
        }
        return parsed.Invoke();
    }

    // An error outranks a failed claim, which outranks success.
    private static int Worse(int a, int b) => (a, b) switch
    {
        (ExperimentRunner.Error, _) or (_, ExperimentRunner.Error) => ExperimentRunner.Error,
        (ExperimentRunner.ClaimFailed, _) or (_, ExperimentRunner.ClaimFailed) => ExperimentRunner.ClaimFailed,
        _ => ExperimentRunner.Success,
    };
}
