using PruneLab.Bench;
using PruneLab.Training;

namespace PruneLab.Methods.L1;

/// <summary>What the L1 notebook leaves for the comparison: one summary.json beside the runs it summarises.</summary>
public sealed record L1Summary(BaselineResult Baseline, IReadOnlyList<L1PruneResult> Runs, BaselineResult? Scratch,
    IReadOnlyList<LatencyRow> Latency, IReadOnlyList<ClaimCheck> Claims);

public static class L1Results
{
    public const string SummaryFile = "summary.json";

    public static IReadOnlyList<EpochMetrics> History(L1PruneResult run) => MetricsHistory.Read(Path.GetDirectoryName(run.Checkpoint)!);

    public static IReadOnlyList<EpochMetrics> History(BaselineResult run) => MetricsHistory.Read(Path.GetDirectoryName(run.Checkpoint)!);

    public static string SaveSummary(string folder, BaselineResult baseline, IReadOnlyList<L1PruneResult> runs, BaselineResult? scratch,
        IReadOnlyList<LatencyRow> latency, IReadOnlyList<ClaimCheck> claims)
    {
        var path = Path.Combine(folder, SummaryFile);
        AtomicFile.WriteJson(path, new L1Summary(baseline, runs, scratch, latency, claims));
        return path;
    }
}
