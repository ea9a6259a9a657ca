using PruneLab.Training;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// Notebook 04's experiment in library calls, each run skipped when done with the same settings: the threshold sweep
/// in both modes, the masks replayed on a wider VGG-16, and the summary with the claims.
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

    /// <summary>The main run's masks on a VGG-16 of <see cref="FtwtProfile.ReplayWidth"/> (null when the profile skips it).</summary>
    public static ReplayLatency? Replay(FtwtProfile profile, FtwtResult main)
    {
        if (profile.ReplayWidth <= 0 || main.Model != "vgg16") return null;
        var folder = profile.RunFolder(profile.Config(main.Threshold, main.Mode));
        var spec = Checkpoint.ReadHeader(Path.Combine(folder, Trainer.LastCheckpoint)).Spec;
        return ReplayLatency.Measure(FtwtRun.ReadMasks(folder), spec, profile.ReplayWidth, profile.LatencyImages);
    }

    /// <summary>Collects the runs into summary.json (claims included).</summary>
    public static FtwtSummary Summarise(FtwtProfile profile, IReadOnlyList<FtwtResult> runs, ReplayLatency? replay)
    {
        var any = runs.FirstOrDefault();
        var summary = new FtwtSummary(profile.Profile, any?.Model ?? profile.Baseline.Model, profile.Baseline.Dataset,
            any?.BaselineAccuracy ?? double.NaN, any?.DenseFlops ?? 0, profile.MainThreshold, runs, replay);
        summary.Save(profile.Folder(""));
        return summary;
    }
}
