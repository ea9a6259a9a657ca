using PruneLab.Data;
using PruneLab.Training;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// Notebook 03's experiment in library calls, each step skipped when done with the same settings: the penalty sweep
/// (one routing run per p, each beside its static counterpart), RNR on its ResNet baseline, the reader's reward ablation
/// and the summary.
/// </summary>
public static class RnpExperiment
{
    public static SweepPoint EnsurePoint(RnpProfile profile, double penalty, Action<RnpPhase>? phaseDone = null, ITrainingProgress? progress = null)
    {
        var config = profile.Rnp(penalty);
        var routed = RnpRun.Ensure(config, profile.RunFolder(config), phaseDone, progress);
        var fixedCost = StaticCounterpart.Ensure(profile.Static(config, routed), profile.StaticFolder(config), progress);
        return new SweepPoint(penalty, routed, fixedCost);
    }

    public static RnrSummary EnsureRnr(RnpProfile profile, Action<RnpPhase>? phaseDone = null, ITrainingProgress? progress = null)
    {
        var baseline = BaselineRun.Ensure(profile.ResNetBaseline, profile.ResNetBaselineFolder, progress);
        var config = profile.Rnr();
        var routed = RnpRun.Ensure(config, profile.RunFolder(config), phaseDone, progress);
        var fixedCost = StaticCounterpart.Ensure(profile.Static(config, routed), profile.StaticFolder(config), progress);
        return new RnrSummary(baseline, routed, fixedCost);
    }

    /// <summary>
    /// The main penalty's routing run again with the reader's reward (<see cref="RnpProfile.Rnp(Ablation{RewardRule})"/>),
    /// beside <paramref name="main"/>; read back when its folder holds the same stamp's result, else run from scratch there.
    /// </summary>
    public static RnpAblation EnsureAblation(RnpProfile profile, SweepPoint main, Ablation<RewardRule> reward,
        Action<RnpPhase>? phaseDone = null, ITrainingProgress? progress = null)
    {
        if (main.Penalty != profile.MainPenalty)
            throw new ArgumentException($"the run to compare with is at p = {main.Penalty}; the ablation runs at the main penalty {profile.MainPenalty}.");
        var config = profile.Rnp(reward);
        var folder = profile.RunFolder(config);
        var done = ExperimentFolder.Finished<RnpResult>(folder, config);
        return new RnpAblation(reward.Name, reward.Stamp, folder, done is not null, main.Routed, done ?? RnpRun.Run(config, folder, phaseDone, progress));
    }

    /// <summary>Collects what the folders hold into summary.json (claims included); sweep points not run yet are left out.</summary>
    public static RnpSummary Summarise(RnpProfile profile, IReadOnlyList<SweepPoint> sweep, RnrSummary? rnr)
    {
        var main = sweep.FirstOrDefault(p => p.Penalty == profile.MainPenalty);
        ConfidenceCost? easy = null;
        if (main is not null)
        {
            var record = RnpRun.ReadRouting(profile.RunFolder(profile.Rnp(profile.MainPenalty)));
            easy = ConfidenceCost.Of(record, DatasetInfo.ForName(profile.Baseline.Dataset).NumClasses);
        }
        var any = sweep.FirstOrDefault()?.Routed;
        var summary = new RnpSummary(profile.Profile, any?.Model ?? profile.Baseline.Model, profile.Baseline.Dataset, any?.BaselineAccuracy ?? double.NaN,
            any?.DenseFlops ?? 0, profile.MainPenalty, sweep.OrderByDescending(p => p.Penalty).ToArray(), easy, rnr);
        summary.Save(profile.Folder(""));
        return summary;
    }
}
