using PruneLab.Cost;
using PruneLab.Data;
using PruneLab.Models;
using PruneLab.Runtime;
using static TorchSharp.torch;

namespace PruneLab.Training;

/// <summary>
/// Trains a baseline and leaves in its run folder: config.json, metrics.jsonl, last.ckpt, best.ckpt,
/// flops.md / flops.json and result.json. The CLI, the notebooks and the reproduction all call this.
/// </summary>
public static class BaselineRun
{
    public const string ConfigFile = ExperimentFolder.ConfigFile, ResultFile = ExperimentFolder.ResultFile;

    public static BaselineResult Run(BaselineConfig config, string runFolder, ITrainingProgress? progress = null, bool resume = false,
        CancellationToken cancel = default)
    {
        progress ??= SilentProgress.Instance;
        config.Training.Validate();
        var device = DeviceChoice.Resolve(config.Device);
        Directory.CreateDirectory(runFolder);
        GuardResume(config, runFolder, resume);

        using var data = DatasetCatalog.Load(config.Dataset, config.Data);
        var info = data.Info;
        var spec = ModelCatalog.DefaultSpec(config.Model, info.Channels, info.Height, info.NumClasses, config.Width);
        if (config.Widths is { } widths)
            spec = spec.Widths.Length == widths.Length ? spec.WithWidths(widths)
                : throw new ArgumentException($"{config.Model} has {spec.Widths.Length} prunable sites; {widths.Length} widths were given");
        manual_seed(config.Training.Seed);
        using var model = ModelCatalog.Create(spec);
        var cost = FlopCounter.Count(model.Architecture);
        progress.Message($"{spec.Family} x{config.Width} on {info.Name}: {cost.Flops:N0} FLOPs, {cost.Params:N0} params; " +
                         $"{data.Train.Count} train / {data.Validation?.Count ?? 0} validation / {data.Test.Count} test images on {device.type}");

        AtomicFile.WriteJson(Path.Combine(runFolder, ConfigFile), new { config, spec, environment = RunEnvironment.Describe(device) });
        AtomicFile.WriteText(Path.Combine(runFolder, "flops.md"), CostTable.ToMarkdown(cost));
        AtomicFile.WriteJson(Path.Combine(runFolder, "flops.json"), cost);

        var trainer = new Trainer(model, config.Training, device);
        var training = trainer.Run(data.Train, data.Test, runFolder, progress, resume, data.Validation, cancel);
        var result = new BaselineResult(spec.Family, info.Name, config.Width, cost.Flops, cost.Params,
            training.FinalAccuracy, training.BestAccuracy, training.BestEpoch, training.Epochs, training.Seconds, device.type.ToString(),
            Path.Combine(runFolder, Trainer.LastCheckpoint), Path.Combine(runFolder, Trainer.BestCheckpoint));
        AtomicFile.WriteJson(Path.Combine(runFolder, ResultFile), result);
        return result;
    }

    /// <summary>The folder's finished result of this configuration, else trains (resuming a run of the same configuration).</summary>
    public static BaselineResult Ensure(BaselineConfig config, string runFolder, ITrainingProgress? progress = null) =>
        ExperimentFolder.Finished<BaselineResult>(runFolder, config)
        ?? Run(config, runFolder, progress, resume: ExperimentFolder.Matches(runFolder, config));

    /// <summary>Resuming with a different config would silently mix two experiments: refuse it.</summary>
    static void GuardResume(BaselineConfig config, string runFolder, bool resume)
    {
        var path = Path.Combine(runFolder, ConfigFile);
        if (resume && File.Exists(path) && !ExperimentFolder.Matches(runFolder, config))
            throw new ArgumentException($"--resume: {path} was written by a different configuration; use another --out or the same options.");
    }
}
