using System.CommandLine;
using System.Text.Json;
using PruneLab.Data;
using PruneLab.Methods.L1;
using PruneLab.Models;
using PruneLab.Training;

namespace PruneLab.Cli.Commands;

/// <summary>`prunelab prune l1`: Li et al.'s filter pruning: a plan's cost (--dry-run), or prune a checkpoint and retrain.</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var command = new Command("prune", "Prune a network statically");
        command.Subcommands.Add(L1());
        return command;
    }

    static Command L1()
    {
        var defaults = new L1PruneConfig { Checkpoint = "", Plan = "" };
        var model = CommonOptions.Model();
        var dataset = CommonOptions.Dataset();
        var width = CommonOptions.Width();
        var device = CommonOptions.Device();
        var plan = new Option<string>("--plan") { Description = $"A preset ({string.Join(", ", PruningPlan.Presets)}), \"stages=R1,R2,R3;skip=N,...\" or \"conv1=0.5,conv8=0.5\"", Required = true };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Trained baseline to prune (without it only --dry-run works)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only print the pruned architecture's FLOPs, params and widths" };
        var json = CommonOptions.Json();
        var criterion = new Option<string>("--criterion") { Description = "l1 (paper), l2, random or largestfirst", DefaultValueFactory = _ => "l1" };
        criterion.AcceptOnlyFromAmong("l1", "l2", "random", "largestfirst");
        var scoring = new Option<string>("--scoring") { Description = "independent or greedy cross-layer scoring", DefaultValueFactory = _ => "independent" };
        scoring.AcceptOnlyFromAmong("independent", "greedy");
        var epochs = CommonOptions.Positive("--retrain-epochs", defaults.Retrain.Epochs, "Retraining epochs (paper: 40; 0: prune only)", min: 0);
        var lr = new Option<double>("--lr") { Description = "Retraining learning rate (constant; paper: 0.001)", DefaultValueFactory = _ => defaults.Retrain.LearningRate };
        var batch = CommonOptions.Positive("--batch-size", defaults.Retrain.BatchSize, "Mini-batch size");
        var subset = new Option<int?>("--subset") { Description = "Keep N training images (stratified)" };
        var seed = new Option<int>("--seed") { Description = "Seed for shuffling (and the random criterion)" };
        var output = new Option<string?>("--out") { Description = "Run folder (default results/l1/<plan>-<criterion>)" };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted retraining" };
        var command = new Command("l1", "L1-norm filter pruning (Li et al., ICLR 2017)")
        {
            model, dataset, width, device, plan, checkpoint, dryRun, json, criterion, scoring, epochs, lr, batch, subset, seed, output, resume,
        };
        command.SetAction(p =>
        {
            var planText = p.GetValue(plan)!;
            var checkpointPath = p.GetValue(checkpoint);
            if (p.GetValue(dryRun))
            {
                var info = DatasetInfo.ForName(p.GetValue(dataset)!.ToLowerInvariant());
                var spec = checkpointPath is not null ? Checkpoint.ReadHeader(checkpointPath).Spec
                    : ModelCatalog.DefaultSpec(p.GetValue(model)!, info.Channels, info.Height, info.NumClasses, p.GetValue(width));
                var (parsed, dense, pruned, widths) = L1PruneRun.Preview(spec, planText);
                var sites = Architecture.Of(spec).Sites.ToDictionary(s => s.Name, s => widths[s.Index]);
                if (p.GetValue(json))
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        model = spec.Family, plan = parsed.Name, flops = pruned.Flops, @params = pruned.LayerParams, paramsWithNorms = pruned.Params,
                        denseFlops = dense.Flops, denseParams = dense.LayerParams, flopsCut = 1 - (double)pruned.Flops / dense.Flops,
                        paramsCut = 1 - (double)pruned.LayerParams / dense.LayerParams, widths = sites,
                    }, AtomicFile.JsonLine));
                else
                {
                    Console.WriteLine($"{spec.Family} {parsed.Name}: {pruned.Flops:N0} FLOPs ({1 - (double)pruned.Flops / dense.Flops:P1} fewer), " +
                                      $"{pruned.LayerParams:N0} conv/linear params ({1 - (double)pruned.LayerParams / dense.LayerParams:P1} fewer)");
                    foreach (var (site, w) in sites.Where(s => s.Value != Architecture.Of(spec).Site(s.Key).Channels))
                        Console.WriteLine($"  {site}: {Architecture.Of(spec).Site(site).Channels} -> {w}");
                }
                return Cli.Ok;
            }
            if (checkpointPath is null) throw new ArgumentException("--checkpoint is required unless --dry-run is given");
            var config = new L1PruneConfig
            {
                Checkpoint = checkpointPath, Plan = planText, Dataset = p.GetValue(dataset)!.ToLowerInvariant(), Device = p.GetValue(device)!,
                Criterion = Enum.Parse<RankingCriterion>(p.GetValue(criterion)!, ignoreCase: true),
                Scoring = Enum.Parse<CrossLayerScoring>(p.GetValue(scoring)!, ignoreCase: true),
                Data = new DataOptions { Subset = p.GetValue(subset), Seed = p.GetValue(seed) },
                Retrain = defaults.Retrain with { Epochs = p.GetValue(epochs), LearningRate = p.GetValue(lr), BatchSize = p.GetValue(batch), Seed = p.GetValue(seed) },
            };
            var folder = p.GetValue(output) ?? Path.Combine("results", "l1", $"{planText}-{config.Criterion}".Replace('=', '_').Replace(';', '_').Replace(',', '_'));
            var result = ConsoleProgress.Run($"pruning {planText}", progress => L1PruneRun.Run(config, folder, progress, p.GetValue(resume)));
            Console.WriteLine($"done: {result.FlopsCut:P1} fewer FLOPs ({result.Flops:N0}), {result.ParamsCut:P1} fewer params; test accuracy " +
                              $"{result.BaselineAccuracy:P2} baseline, {result.PrunedAccuracy:P2} pruned" +
                              (result.RetrainedAccuracy is { } r ? $", {r:P2} retrained (best {result.BestRetrainedAccuracy:P2})" : "") +
                              $". Results in {Path.GetFullPath(folder)}");
            return Cli.Ok;
        });
        return command;
    }
}
