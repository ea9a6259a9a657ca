using static PruneLab.Methods.Verdict;

namespace PruneLab.Methods.L1;

/// <summary>
/// Li et al.'s claims (../shared/papers/01) checked against measured numbers. "Close to the baseline" means within one
/// percentage point, the paper's own largest gap at its table's FLOP cuts.
/// </summary>
public static class L1Claims
{
    public static IReadOnlyList<ClaimCheck> Check(double baselineAccuracy, IReadOnlyList<L1PruneResult> runs, double? scratchAccuracy,
        SensitivityResult? sensitivity)
    {
        var l1 = runs.FirstOrDefault(r => r.Criterion == "L1" && r.Scoring == "Independent");
        var random = runs.FirstOrDefault(r => r.Criterion == "Random");
        var largest = runs.FirstOrDefault(r => r.Criterion == "LargestFirst");
        double? Retrained(L1PruneResult? r) => r?.BestRetrainedAccuracy ?? r?.PrunedAccuracy;
        var checks = new List<ClaimCheck>();

        if (l1 is null) checks.Add(new(1, "Prune + retrain stays close to the baseline at the table's FLOP cut", "", NotRun));
        else
        {
            var gap = baselineAccuracy - Retrained(l1)!.Value;
            checks.Add(new(1, "Prune + retrain stays close to the baseline at the table's FLOP cut",
                $"{l1.Plan}: {l1.FlopsCut:P1} fewer FLOPs; baseline {baselineAccuracy:P2}, retrained {Retrained(l1):P2} ({-gap * 100:+0.00;-0.00} points)",
                gap <= 0.01 ? Holds : DoesNotHold));
        }

        if (l1 is null || (random is null && largest is null)) checks.Add(new(2, "L1 ranking beats random and largest-first at the same ratio", "", NotRun));
        else
        {
            var others = new[] { random, largest }.OfType<L1PruneResult>().ToList();
            bool beatsBefore = others.All(o => l1.PrunedAccuracy >= o.PrunedAccuracy);
            bool beatsAfter = others.All(o => Retrained(l1) >= Retrained(o));
            // Ten classes: 10% is guessing. When every ranking leaves a guessing network, "before" decides nothing.
            bool allAtChance = others.Append(l1).All(r => r.PrunedAccuracy <= 0.11);
            checks.Add(new(2, "L1 ranking beats random and largest-first at the same ratio, before and after retraining",
                string.Join("; ", new[] { l1 }.Concat(others).Select(r => $"{r.Criterion}: {r.PrunedAccuracy:P2} pruned, {Retrained(r):P2} retrained")),
                !beatsAfter ? DoesNotHold
                : allAtChance ? "holds after retraining (right after pruning every choice was at chance)"
                : beatsBefore ? Holds : "holds after retraining only"));
        }

        if (l1 is null || scratchAccuracy is null) checks.Add(new(3, "Prune + retrain is at least as good as training the pruned architecture from scratch", "", NotRun));
        else
            checks.Add(new(3, "Prune + retrain is at least as good as training the pruned architecture from scratch",
                $"retrained {Retrained(l1):P2} vs scratch {scratchAccuracy:P2} (the scratch run uses the baseline's full schedule)",
                Retrained(l1) >= scratchAccuracy ? Holds : DoesNotHold));

        var deep = sensitivity?.Sites.Where(s => s.Site is "conv8" or "conv9" or "conv10" or "conv11" or "conv12" or "conv13").ToList();
        int half = sensitivity is null ? -1 : Array.FindIndex(sensitivity.Ratios, r => Math.Abs(r - 0.5) < 1e-9);
        if (sensitivity is null || deep is null || deep.Count == 0 || half < 0)
            checks.Add(new(4, "Sensitivity differs by layer; deep VGG layers (8..13) tolerate 50% pruning", "", NotRun));
        else
        {
            var drops = deep.Select(s => (s.Site, Drop: sensitivity.BaselineAccuracy - s.Accuracy[half])).ToList();
            var spread = sensitivity.Sites.Max(s => s.Accuracy[half]) - sensitivity.Sites.Min(s => s.Accuracy[half]);
            checks.Add(new(4, "Sensitivity differs by layer; deep VGG layers (8..13) tolerate 50% pruning",
                $"at 50% without retraining: accuracy spread across layers {spread * 100:F1} points; drop of conv8..13: " +
                string.Join(", ", drops.Select(d => $"{d.Site} {d.Drop * 100:F1}")) + " points",
                spread > 0.05 && drops.Average(d => d.Drop) <= 0.05 ? Holds : spread > 0.05 ? "sensitivity differs; deep layers less tolerant at this width" : DoesNotHold));
        }
        return checks;
    }
}
