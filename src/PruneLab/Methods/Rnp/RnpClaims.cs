using static PruneLab.Methods.Verdict;

namespace PruneLab.Methods.Rnp;

/// <summary>Runtime Neural Pruning's claims (../shared/papers/03) checked against this run's numbers.</summary>
public static class RnpClaims
{
    /// <summary>The bar for a real saving: the measured batch-1 speed-up at least this share of the FLOPs speed-up.</summary>
    public const double RealisedShare = 0.7;

    public static IReadOnlyList<ClaimCheck> Check(RnpSummary s)
    {
        var checks = new List<ClaimCheck>();
        const string first = "At equal average FLOPs, runtime routing beats a static network pruned to the same cost";
        var paired = s.Sweep.Where(p => p.Static is not null).ToArray();
        if (paired.Length == 0) checks.Add(new(1, first, "", NotRun));
        else
        {
            int wins = paired.Count(p => p.Routed.Accuracy > p.Static!.Accuracy);
            var rows = string.Join("; ", paired.Select(p =>
                $"p {p.Penalty}: routed {p.Routed.Accuracy:P2} at {p.Routed.FlopsRatio:P0} vs static {p.Static!.Accuracy:P2} at {p.Static.FlopsRatio:P0}"));
            checks.Add(new(1, first, $"{wins} of {paired.Length} penalties ({rows}); same baseline, same fine-tuning epochs",
                wins == paired.Length ? Holds : wins > 0 ? $"at {wins} of {paired.Length} points" : DoesNotHold));
        }

        const string second = "The penalty p moves the operating point smoothly along a speed/accuracy curve without retraining the backbone";
        var agentOnly = s.Sweep.Where(p => p.AgentOnly is not null).OrderByDescending(p => p.Penalty).ToArray(); // |p| growing
        if (agentOnly.Length < 2) checks.Add(new(2, second, "", NotRun));
        else
        {
            var ratios = agentOnly.Select(p => p.AgentOnly!.MeanFlops / p.Routed.DenseFlops).ToArray();
            bool monotone = ratios.Zip(ratios.Skip(1)).All(q => q.Second <= q.First + 0.02);
            double span = ratios.Max() - ratios.Min();
            checks.Add(new(2, second,
                "agent only (round 1, backbone as trained): " + string.Join("; ", agentOnly.Select((p, i) => $"p {p.Penalty}: {p.AgentOnly!.Accuracy:P2} at {ratios[i]:P0}")),
                monotone && span > 0.1 ? Holds : monotone ? "monotone but narrow (< 10 points of FLOPs)" : DoesNotHold));
        }

        const string third = "Easy images (high baseline confidence) take cheaper paths than hard ones";
        if (s.Easy is null) checks.Add(new(3, third, "", NotRun));
        else
        {
            var e = s.Easy;
            checks.Add(new(3, third,
                $"Spearman {e.Spearman:F2} between the baseline's confidence and the routed FLOPs (p {s.MainPenalty}); most confident quarter " +
                $"{e.ConfidentQuarterFlops:N0} FLOPs vs least confident quarter {e.UnsureQuarterFlops:N0}",
                e.Spearman < -0.1 && e.ConfidentQuarterFlops < e.UnsureQuarterFlops ? Holds
                : e.ConfidentQuarterFlops < e.UnsureQuarterFlops ? "weakly (cheaper, rank correlation above -0.1)" : DoesNotHold));
        }

        const string fourth = "The saving is real: per-image execution of only the chosen groups is measurably faster in wall-clock time";
        var timed = s.Sweep.Where(p => p.Routed.Latency is not null).ToArray();
        if (timed.Length == 0) checks.Add(new(4, fourth, "", NotRun));
        else
        {
            var rows = string.Join("; ", timed.Select(p =>
                $"p {p.Penalty}: {p.Routed.Latency!.Speedup:F2}x measured vs {p.Routed.Latency.FlopsSpeedup:F2}x by FLOPs ({p.Routed.Latency.ShareOfTheoretical:P0}); " +
                $"the agent {p.Routed.Latency.AgentMs:F2} of {p.Routed.Latency.RoutedMs:F2} ms"));
            bool faster = timed.All(p => p.Routed.Latency!.Speedup > 1.05 || p.Routed.Latency.FlopsSpeedup < 1.1);
            bool share = timed.All(p => p.Routed.Latency!.ShareOfTheoretical >= RealisedShare);
            checks.Add(new(4, fourth, $"batch 1, agent included: {rows}",
                faster && share ? Holds : faster ? $"faster, but below {RealisedShare:P0} of the FLOPs speed-up somewhere" : DoesNotHold));
        }
        return checks;
    }
}
