using PruneLab.Cost;
using PruneLab.Data;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// Notebook 04's experiment in library calls, each run skipped when done with the same settings: the threshold sweep
/// in both modes, the reader's target-rule ablation, the masks replayed on a wider VGG-16, and the summary with the claims.
/// </summary>
public static class FtwtExperiment
{
    public static FtwtResult EnsureRun(FtwtProfile profile, double threshold, string mode, ITrainingProgress? progress = null)
    {
        var config = profile.Config(threshold, mode);
        return FtwtRun.Ensure(config, profile.RunFolder(config), progress);
    }

    public static IReadOnlyList<FtwtResult> EnsureSweep(FtwtProfile profile, ITrainingProgress? progress = null) =>
        profile.Sweep().Select(c => FtwtRun.Ensure(c, profile.RunFolder(c), progress)).ToArray();

    /// <summary>
    /// Masks replayed on a VGG-16 of <see cref="FtwtProfile.ReplayWidth"/> (empty when the profile skips it): the main
    /// run's predicted masks, then the target rule's own masks at the main and the lowest threshold, i.e. what
    /// predictors that matched their targets would keep: the engine's gain with and without the predictors' shortfall.
    /// </summary>
    public static IReadOnlyList<ReplayLatency> Replay(FtwtProfile profile, FtwtResult main)
    {
        if (profile.ReplayWidth <= 0 || main.Model != "vgg16") return [];
        var folder = profile.RunFolder(profile.Config(main.Threshold, main.Mode));
        var spec = Checkpoint.ReadHeader(Path.Combine(folder, Trainer.LastCheckpoint)).Spec;
        var replays = new List<ReplayLatency>
        {
            ReplayLatency.Measure(main.Label, FtwtRun.ReadMasks(folder), spec, profile.ReplayWidth, profile.LatencyImages),
        };
        foreach (var r in new[] { main.Threshold, profile.Thresholds.Min() }.Distinct().Where(r => r < 1))
            replays.Add(ReplayLatency.Measure($"targets at r = {r}", TargetMasks(profile, r), spec, profile.ReplayWidth, profile.LatencyImages));
        return replays;
    }

    /// <summary>The target rule's masks on the profile's baseline for its first test images (no predictor involved).</summary>
    public static MaskRecord TargetMasks(FtwtProfile profile, double threshold)
    {
        var config = profile.Config(threshold, FtwtModes.Decoupled);
        using var data = DatasetCatalog.Load(config.Dataset, config.Data);
        var (net, _) = Checkpoint.Load(config.Checkpoint, CPU);
        using var gated = new GatedNet(net, config.Options) { Mode = GateMode.Dense };
        gated.eval();
        using var images = BatchLoader.First(data.Test, Math.Max(1, profile.LatencyImages), CPU);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        gated.forward(images);
        var counts = gated.KeptCounts!;
        return new MaskRecord(FtwtEvaluation.Rows(counts), FlopCounter.PerSample(gated.Architecture, counts), [], [],
            gated.Sites.Select(s => s.Channels).ToArray(), gated.Sites.Select(s => s.Name).ToArray());
    }

    /// <summary>
    /// The main threshold's decoupled run again with the reader's target rule (<see cref="FtwtProfile.Config(Ablation{TargetRule})"/>),
    /// beside <paramref name="main"/>; read back when its folder holds the same stamp's result, else run from scratch there.
    /// </summary>
    public static FtwtAblation EnsureAblation(FtwtProfile profile, FtwtResult main, Ablation<TargetRule> targets, ITrainingProgress? progress = null)
    {
        if (main.Threshold != profile.MainThreshold || main.Mode != FtwtModes.Decoupled)
            throw new ArgumentException($"the run to compare with is {main.Label}; the ablation runs decoupled at the main threshold {profile.MainThreshold}.");
        var config = profile.Config(targets);
        var folder = profile.RunFolder(config);
        var done = ExperimentFolder.Finished<FtwtResult>(folder, config);
        return new FtwtAblation(targets.Name, targets.Stamp, folder, done is not null, main, done ?? FtwtRun.Run(config, folder, progress));
    }

    /// <summary>Collects the runs into summary.json (claims included).</summary>
    public static FtwtSummary Summarise(FtwtProfile profile, IReadOnlyList<FtwtResult> runs, IReadOnlyList<ReplayLatency> replays)
    {
        var any = runs.FirstOrDefault();
        var summary = new FtwtSummary(profile.Profile, any?.Model ?? profile.Baseline.Model, profile.Baseline.Dataset,
            any?.BaselineAccuracy ?? double.NaN, any?.DenseFlops ?? 0, profile.MainThreshold, runs, replays);
        summary.Save(profile.Folder(""));
        return summary;
    }
}
