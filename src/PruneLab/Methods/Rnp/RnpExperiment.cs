using PruneLab.Data;
using PruneLab.Training;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// Notebook 03's experiment in library calls, each step skipped when done with the same settings: the penalty sweep
/// (one routing run per p, each beside its static counterpart), RNR on its ResNet baseline, and the summary.
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
