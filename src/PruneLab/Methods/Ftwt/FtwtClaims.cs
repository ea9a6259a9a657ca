using static PruneLab.Methods.Verdict;

namespace PruneLab.Methods.Ftwt;

/// <summary>Fire Together Wire Together's claims (../shared/papers/04) checked against this run's numbers.</summary>
public static class FtwtClaims
{
    /// <summary>How far (in points of reduction) the estimate may sit from the measurement and still be "close".</summary>
    public const double EstimateTolerance = 0.05;

    /// <summary>The smallest batch-1 speed-up counted as a gain: this machine's timings drift by several percent between runs.</summary>
    public const double MeasurableGain = 1.2;

    public static IReadOnlyList<ClaimCheck> Check(FtwtSummary s)
    {
        var checks = new List<ClaimCheck>();
        var decoupled = s.InMode(FtwtModes.Decoupled).ToArray();
        var joint = s.InMode(FtwtModes.Joint).ToArray();

        const string first = "The FLOPs reduction estimated before training from r is close to the reduction measured after training";
        if (s.Runs.Count == 0) checks.Add(new(1, first, "", NotRun));
        else
        {
            int close = s.Runs.Count(r => Math.Abs(r.EstimatedReduction - r.Reduction) <= EstimateTolerance);
            checks.Add(new(1, first,
                $"{close} of {s.Runs.Count} runs within {EstimateTolerance * 100:F0} points: " +
                string.Join("; ", s.Runs.Select(r => $"{r.Label} estimated {r.EstimatedReduction:P1}, measured {r.Reduction:P1}")),
                close == s.Runs.Count ? Holds : close * 2 >= s.Runs.Count ? $"at {close} of {s.Runs.Count} runs" : DoesNotHold));
        }

        const string second = "Decoupled training keeps accuracy closer to the baseline than joint training at a similar reduction";
        var pairs = decoupled.Select(d => (d, j: joint.FirstOrDefault(j => j.Threshold == d.Threshold))).Where(p => p.j is not null).ToArray();
        if (pairs.Length == 0) checks.Add(new(2, second, "", NotRun));
        else
        {
            int wins = pairs.Count(p => p.d.Accuracy >= p.j!.Accuracy);
            checks.Add(new(2, second,
                $"decoupled at least as accurate at {wins} of {pairs.Length} thresholds: " + string.Join("; ", pairs.Select(p =>
                    $"r {p.d.Threshold}: decoupled {p.d.Accuracy:P2} at -{p.d.Reduction:P0}, joint {p.j!.Accuracy:P2} at -{p.j.Reduction:P0}")),
                wins == pairs.Length ? Holds : wins > 0 ? $"at {wins} of {pairs.Length} thresholds" : DoesNotHold));
        }

        const string third = "Lower r gives more reduction and lower accuracy, smoothly";
        if (decoupled.Length < 3) checks.Add(new(3, third, "", NotRun));
        else
        {
            // r falling: reduction should rise and accuracy fall, each within a small tolerance for run-to-run noise.
            bool moreReduction = decoupled.Zip(decoupled.Skip(1)).All(p => p.Second.Reduction >= p.First.Reduction - 0.01);
            bool lessAccuracy = decoupled.Zip(decoupled.Skip(1)).All(p => p.Second.Accuracy <= p.First.Accuracy + 0.005);
            checks.Add(new(3, third,
                "decoupled: " + string.Join("; ", decoupled.Select(r => $"r {r.Threshold}: {r.Accuracy:P2} at -{r.Reduction:P1}")),
                moreReduction && lessAccuracy ? Holds
                : moreReduction ? "reduction grows with falling r; accuracy not monotone"
                : DoesNotHold));
        }

        const string fourth = "Executing the masks (skipping the masked filters) gives a measured wall-clock gain, not only a FLOPs count";
        var main = s.Main ?? s.Runs.FirstOrDefault(r => r.Latency is not null);
        if (main?.Latency is null && s.Replays.Count == 0) checks.Add(new(4, fourth, "", NotRun));
        else
        {
            var parts = new List<string>();
            if (main?.Latency is { } l)
                parts.Add($"{main.Label} at batch 1 on this backbone: {l.DenseMs:F2} ms dense vs {l.GatedMs:F2} ms gated ({l.Speedup:F2}x; " +
                          $"{l.FlopsSpeedup:F2}x by FLOPs; predictors {l.PredictorMs:F2} ms){(l.SameMasks ? "" : "; batch-1 masks differ from the batched ones")}");
            foreach (var r in s.Replays)
                parts.Add($"{r.Masks} replayed on VGG-16 x{r.Width:G3}: {r.DenseMs:F2} ms vs {r.GatedMs:F2} ms ({r.Speedup:F2}x; {r.FlopsSpeedup:F2}x by FLOPs)");
            bool onBackbone = (main?.Latency?.Speedup ?? 0) >= MeasurableGain;
            bool trainedReplay = s.Replays.Any(r => !r.Masks.StartsWith("targets") && r.Speedup >= MeasurableGain);
            bool targetReplay = s.Replays.Any(r => r.Masks.StartsWith("targets") && r.Speedup >= MeasurableGain);
            checks.Add(new(4, fourth, string.Join("; ", parts),
                onBackbone ? Holds
                : trainedReplay ? "on the wider network only (the narrow backbone is overhead-bound at batch 1)"
                : targetReplay ? "only for masks that prune more than this run's predictors do (the targets' own masks, on the wider network)"
                : DoesNotHold));
        }
        return checks;
    }
}
