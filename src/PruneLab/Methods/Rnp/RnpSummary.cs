using PruneLab.Methods.MetaPruning;
using PruneLab.Training;

namespace PruneLab.Methods.Rnp;

/// <summary>One penalty: the routed network after the alternation, and the static network of the same average cost.</summary>
public sealed record SweepPoint(double Penalty, RnpResult Routed, StaticResult? Static)
{
    /// <summary>The agent's operating point after round 1's agent phase, before the backbone was retrained (claim 2).</summary>
    public RnpPhase? AgentOnly => Routed.Phases.FirstOrDefault(p => p.Phase == "agent");
}

/// <summary>Are easy images cheaper? Cost against the baseline's confidence over the test set.</summary>
public sealed record ConfidenceCost(double Spearman, double ConfidentQuarterFlops, double UnsureQuarterFlops, double[] ClassFlops)
{
    public static ConfidenceCost Of(RoutingRecord r, int classes)
    {
        int n = r.Flops.Length;
        var byConfidence = Enumerable.Range(0, n).OrderBy(i => r.BaselineConfidence[i]).ToArray();
        int quarter = Math.Max(1, n / 4);
        var classFlops = Enumerable.Range(0, classes)
            .Select(c => Enumerable.Range(0, n).Where(i => r.Labels[i] == c).Select(i => r.Flops[i]).DefaultIfEmpty(double.NaN).Average()).ToArray();
        return new ConfidenceCost(RankCorrelation.Spearman(r.BaselineConfidence, r.Flops),
            byConfidence[^quarter..].Average(i => r.Flops[i]), byConfidence[..quarter].Average(i => r.Flops[i]), classFlops);
    }
}

/// <summary>RNR's part: the ResNet baseline trained for it, the routed network and its static counterpart.</summary>
public sealed record RnrSummary(BaselineResult Baseline, RnpResult Routed, StaticResult? Static);

/// <summary>What notebook 03 writes as results/rnp/&lt;profile&gt;/summary.json, read by the comparison.</summary>
public sealed record RnpSummary(
    string Profile, string Model, string Dataset, double BaselineAccuracy, long DenseFlops, double MainPenalty,
    IReadOnlyList<SweepPoint> Sweep, ConfidenceCost? Easy, RnrSummary? Rnr)
{
    public SweepPoint? Main => Sweep.FirstOrDefault(p => p.Penalty == MainPenalty);
    public IReadOnlyList<ClaimCheck> Claims => RnpClaims.Check(this);

    public const string SummaryFile = "summary.json";

    public string Save(string folder)
    {
        var path = Path.Combine(folder, SummaryFile);
        AtomicFile.WriteJson(path, this);
        return path;
    }
}
