using System.CommandLine;
using System.Globalization;
using PruneLab.Methods.MetaPruning;
using PruneLab.Notebooks;
using Spectre.Console;

namespace PruneLab.Cli.Commands;

/// <summary>
/// `prunelab meta train|search|final|correlate`: MetaPruning's phases on a run profile. Each verb first finishes the
/// phases it needs (skipping those already done with the same settings), so `meta final` alone runs everything.
/// </summary>
internal static class MetaCommand
{
    sealed record Options(Option<string> Profile, Option<int> Seed, Option<string> Device, Option<string?> Budget, Option<int?> Epochs,
        Option<int?> Population, Option<int?> Parents, Option<int?> Mutations, Option<int?> Crossovers, Option<double?> MutationProb,
        Option<int?> Generations, Option<string?> Choices, Option<int?> Samples, Option<string?> Out);

    public static Command Create()
    {
        var command = new Command("meta", "MetaPruning (Liu et al., ICCV 2019): PruningNet, evolutionary search under a FLOPs budget, final training");
        command.Subcommands.Add(Verb("train", "Train the PruningNet (a random network per mini-batch)", Train));
        command.Subcommands.Add(Verb("search", "Evolutionary search under --flops-budget with PruningNet fitness (trains the PruningNet first if needed)", Search));
        command.Subcommands.Add(Verb("final", "Train the best encoding and the uniform network of equal FLOPs from scratch (runs the search first if needed)", Final));
        command.Subcommands.Add(Verb("correlate", "Rank correlation of PruningNet accuracy with accuracy after short real training", Correlate));
        return command;
    }

    static Command Verb(string name, string description, Func<MetaProfile, int> run)
    {
        var profile = CommonOptions.Profile();
        var o = new Options(profile,
            new Option<int>("--seed") { Description = "Seed of every random draw", DefaultValueFactory = _ => 1 },
            CommonOptions.Device(),
            new Option<string?>("--flops-budget") { Description = "Budget: a fraction of the dense FLOPs (0.4, 40%) or a count (1.2e8, 120M)" },
            new Option<int?>("--epochs") { Description = "PruningNet training epochs" },
            new Option<int?>("--population") { Description = "Search population (paper: 50)" },
            new Option<int?>("--parents") { Description = "Top candidates used as parents (paper: 10)" },
            new Option<int?>("--mutations") { Description = "Children by mutation per generation (paper: 25)" },
            new Option<int?>("--crossovers") { Description = "Children by crossover per generation (paper: 25)" },
            new Option<double?>("--mutation-prob") { Description = "Probability that a gene mutates (paper: 0.1)" },
            new Option<int?>("--generations") { Description = "Generations (paper: 20)" },
            new Option<string?>("--choices") { Description = "Width grid min:max:step (paper: 0.1:1:0.03)" },
            new Option<int?>("--samples") { Description = "Networks trained for the rank correlation" },
            new Option<string?>("--out") { Description = "Folder of the phases' run folders (default results/metapruning/<profile>)" });
        var command = new Command(name, description)
        {
            o.Profile, o.Seed, o.Device, o.Budget, o.Epochs, o.Population, o.Parents, o.Mutations, o.Crossovers, o.MutationProb,
            o.Generations, o.Choices, o.Samples, o.Out,
        };
        command.SetAction(p =>
        {
            var m = MetaProfile.For(p.GetValue(o.Profile)!, p.GetValue(o.Seed), p.GetValue(o.Device)!.ToLowerInvariant());
            var net = m.PruningNet;
            if (p.GetValue(o.Epochs) is { } e) net = net with { Training = net.Training with { Epochs = e } };
            if (p.GetValue(o.Choices) is { } c) net = net with { Choices = WidthChoices.Parse(c).ToString() };
            var s = m.Search;
            s = s with
            {
                Population = p.GetValue(o.Population) ?? s.Population, Parents = p.GetValue(o.Parents) ?? s.Parents,
                Mutations = p.GetValue(o.Mutations) ?? s.Mutations, Crossovers = p.GetValue(o.Crossovers) ?? s.Crossovers,
                MutationProbability = p.GetValue(o.MutationProb) ?? s.MutationProbability, Generations = p.GetValue(o.Generations) ?? s.Generations,
            };
            m = m with
            {
                PruningNet = net, Search = s, Budget = p.GetValue(o.Budget) ?? m.Budget, Root = p.GetValue(o.Out) ?? m.Root,
                CorrelationSamples = p.GetValue(o.Samples) ?? m.CorrelationSamples,
            };
            return run(m);
        });
        return command;
    }

    static int Train(MetaProfile m)
    {
        var r = ConsoleProgress.Run("PruningNet", progress => MetaPruningRun.EnsurePruningNet(m.PruningNet, m.PruningNetFolder, progress));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PruningNet: {r.GeneratorParams:N0} parameters, {r.Genes} genes x {r.Choices} choices; reference network (every layer at the middle width) {r.ReferenceAccuracy:P2} test accuracy; {r.Seconds:F0} s -> {m.PruningNetFolder}"));
        return Cli.Ok;
    }

    static (SearchResult Result, EncodingSpace Space, SearchConfig Config) RunSearch(MetaProfile m)
    {
        var space = MetaPruningRun.Space(m.PruningNet);
        var config = m.SearchConfig(space); // a bad --flops-budget fails here, before any training
        config.Search.Validate();
        Train(m);
        var folder = m.PhaseFolder("search", config, space);
        var result = MetaPruningRun.EnsureSearch(config, folder, m.PruningNetFolder, (g, _) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generation {g.Generation + 1}/{m.Search.Generations}: best {1 - g.BestError:P2}, mean {1 - g.MeanError:P2} over {g.Evaluated} new candidates ({g.Rejected} draws rejected), {g.Seconds:F1} s")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"search under {config.Budget:N0} FLOPs ({(double)config.Budget / space.DenseFlops:P0} of {space.DenseFlops:N0}): {result.Evaluated.Length} candidates, " +
            $"best {result.Best.Accuracy:P2} validation accuracy at {result.Best.Flops:N0} FLOPs -> {folder}"));
        return (result, space, config);
    }

    static int Search(MetaProfile m)
    {
        var (result, space, _) = RunSearch(m);
        var table = new Table().Title("best encoding: channels per site");
        table.AddColumn("site");
        table.AddColumn("dense");
        table.AddColumn("searched");
        var widths = space.Widths(result.Best.Encoding);
        foreach (var site in space.Dense.Sites) table.AddRow(site.Name, site.Channels.ToString(), widths[site.Index].ToString());
        AnsiConsole.Write(table);
        return Cli.Ok;
    }

    static int Final(MetaProfile m)
    {
        var (result, space, config) = RunSearch(m);
        var (searched, uniform, multiplier) = ConsoleProgress.Run("final training", progress =>
            MetaPruningRun.Final(space, result, m.Final, m.PhaseFolder("final-searched", config, space), m.PhaseFolder("final-uniform", config, space), progress, progress));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"searched widths: {searched.Flops:N0} FLOPs, {searched.TestAccuracy:P2} test accuracy after training from scratch\n" +
            $"uniform x{multiplier:F3}: {uniform.Flops:N0} FLOPs, {uniform.TestAccuracy:P2}\n" +
            $"searched - uniform: {100 * (searched.TestAccuracy - uniform.TestAccuracy):+0.00;-0.00} points at equal FLOPs"));
        return Cli.Ok;
    }

    static int Correlate(MetaProfile m)
    {
        var (result, space, config) = RunSearch(m);
        var folder = m.PhaseFolder("correlation", config, space);
        var r = ConsoleProgress.Run("correlation", progress => MetaPruningRun.EnsureCorrelation(m.CorrelationConfig(config), result, space, folder, progress));
        foreach (var s in r.Samples)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Flops,14:N0} FLOPs  PruningNet {s.PruningNetAccuracy:P2}  trained {s.TrainedAccuracy:P2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Spearman rank correlation: {r.Spearman:F3} over {r.Samples.Length} networks -> {folder}"));
        return Cli.Ok;
    }
}
