using System.Diagnostics;
using PruneLab.Cost;
using PruneLab.Data;
using PruneLab.Models;
using PruneLab.Pruning;
using PruneLab.Runtime;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Methods.L1;

/// <summary>
/// Li et al.'s procedure on a trained baseline: rank filters, prune every planned layer at once (surgery), test,
/// retrain. Writes config.json, pruned.ckpt (before retraining), the retraining's metrics and checkpoints, flops.md and
/// result.json into the run folder. The CLI and the notebook both call this.
/// </summary>
public static class L1PruneRun
{
    public const string PrunedCheckpoint = "pruned.ckpt";

    /// <summary>The plan's cost without any weights (a dry run).</summary>
    public static (PruningPlan Plan, CostReport Dense, CostReport Pruned, int[] Widths) Preview(ModelSpec spec, string plan)
    {
        var arch = Architecture.Of(spec);
        var parsed = PruningPlan.Parse(plan, arch);
        var widths = parsed.KeptCounts(arch);
        return (parsed, FlopCounter.Count(arch), FlopCounter.Count(Architecture.Of(spec.WithWidths(widths))), widths);
    }

    /// <summary>The finished result when the folder already holds this configuration's, else runs (resuming a cut
    /// retraining of the same configuration; a folder of another configuration starts over).</summary>
    public static L1PruneResult Ensure(L1PruneConfig config, string runFolder, ITrainingProgress? progress = null, Ablation<FilterScore>? score = null) =>
        ExperimentFolder.Finished<L1PruneResult>(runFolder, config) ?? Run(config, runFolder, progress, resume: ExperimentFolder.Matches(runFolder, config), score);

    /// <summary>
    /// Prunes and retrains. <paramref name="score"/>, a reader's filter score, replaces the config's criterion; the
    /// config must then carry its stamp (<see cref="L1PruneConfig.Ablation"/>), which keys the folder to that code.
    /// </summary>
    public static L1PruneResult Run(L1PruneConfig config, string runFolder, ITrainingProgress? progress = null, bool resume = false,
        Ablation<FilterScore>? score = null)
    {
        if (config.Ablation != score?.Stamp)
            throw new ArgumentException(score is null
                ? $"the config names the ablation {config.Ablation!.Name} but no filter score was given."
                : $"the filter score {score.Name} is not stamped in the config (set L1PruneConfig.Ablation = its Stamp).");
        progress ??= SilentProgress.Instance;
        var clock = Stopwatch.StartNew();
        var device = DeviceChoice.Resolve(config.Device);
        Directory.CreateDirectory(runFolder);
        if (!resume) StartOver(runFolder);
        var (baseline, header) = Checkpoint.Load(config.Checkpoint, device);
        using var _ = baseline;
        using var data = DatasetCatalog.Load(config.Dataset, config.Data);
        if (data.Info.Channels != baseline.Spec.InChannels || data.Info.Height != baseline.Spec.ImageSize)
            throw new ArgumentException($"{config.Checkpoint} holds a network for {baseline.Spec.InChannels}x{baseline.Spec.ImageSize} images; " +
                                        $"--dataset {config.Dataset} has {data.Info.Channels}x{data.Info.Height}");

        var arch = baseline.Architecture;
        var plan = PruningPlan.Parse(config.Plan, arch);
        var selection = score is null
            ? FilterRanking.Select(baseline, plan.KeptCounts(arch), config.Criterion, config.Scoring, config.Retrain.Seed)
            : FilterRanking.Select(baseline, plan.KeptCounts(arch), score.Code, config.Scoring);
        var criterion = score is null ? config.Criterion.ToString() : $"ablation: {score.Name}";
        var denseCost = FlopCounter.Count(arch);
        var cost = selection.Cost();
        AtomicFile.WriteJson(Path.Combine(runFolder, "config.json"), new { config, baseline = header.Spec, widths = selection.Widths, environment = RunEnvironment.Describe(device) });
        AtomicFile.WriteText(Path.Combine(runFolder, "flops.md"), CostTable.ToMarkdown(cost));

        var baselineAccuracy = Evaluator.Evaluate(baseline, data.Test, device).Accuracy;
        using var pruned = Surgery.Prune(baseline, selection);
        var prunedAccuracy = Evaluator.Evaluate(pruned, data.Test, device).Accuracy;
        progress.Message($"{config.Plan} ({criterion}, {config.Scoring}): {cost.Flops:N0} FLOPs ({1 - (double)cost.Flops / denseCost.Flops:P1} fewer), " +
                         $"test accuracy {baselineAccuracy:P2} -> {prunedAccuracy:P2} before retraining");
        Checkpoint.Save(Path.Combine(runFolder, PrunedCheckpoint), pruned,
            new CheckpointHeader { Spec = pruned.Spec, Notes = new() { ["plan"] = config.Plan, ["from"] = config.Checkpoint, ["criterion"] = criterion } });

        TrainingResult? retrained = null;
        if (config.Retrain.Epochs > 0)
            retrained = new Trainer(pruned, config.Retrain, device).Run(data.Train, data.Test, runFolder, progress, resume, data.Validation);

        var result = new L1PruneResult(arch.Spec.Family, data.Info.Name, config.Plan, criterion, config.Scoring.ToString(),
            baselineAccuracy, prunedAccuracy, retrained?.FinalAccuracy, retrained?.BestAccuracy,
            denseCost.Flops, cost.Flops, denseCost.Params, cost.Params, cost.LayerParams,
            1 - (double)cost.Flops / denseCost.Flops, 1 - (double)cost.Params / denseCost.Params,
            arch.Sites.ToDictionary(s => s.Name, s => selection.Widths[s.Index]), clock.Elapsed.TotalSeconds,
            retrained is null ? Path.Combine(runFolder, PrunedCheckpoint) : Path.Combine(runFolder, Trainer.LastCheckpoint));
        AtomicFile.WriteJson(Path.Combine(runFolder, "result.json"), result);
        return result;
    }

    /// <summary>A run that does not resume removes what an earlier run left (its result, checkpoints, metrics), so
    /// neither a stale result.json nor another configuration's last.ckpt can be taken for this run's if it is cut.</summary>
    static void StartOver(string runFolder)
    {
        foreach (var file in new[] { ExperimentFolder.ResultFile, PrunedCheckpoint, Trainer.LastCheckpoint, Trainer.BestCheckpoint, Trainer.MetricsFile })
            File.Delete(Path.Combine(runFolder, file));
    }
}
