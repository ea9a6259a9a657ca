using PruneLab.Methods.L1;
using PruneLab.Methods.MetaPruning;

namespace PruneLab.Viz;

/// <summary>A notebook ablation's result beside the paper's default, as HTML tables (display(HTML(...)) in a cell).</summary>
public static class AblationTables
{
    /// <summary>Accuracy before and after retraining for both scores, then which kept filters differ, per pruned layer.</summary>
    public static string Of(FilterScoreAblationResult r)
    {
        string[] Row(string name, L1PruneResult run, string differ) =>
            [name, run.PrunedAccuracy.ToString("P2"), (run.BestRetrainedAccuracy ?? run.PrunedAccuracy).ToString("P2"), run.Flops.ToString("N0"), differ];
        var runs = HtmlTable.Of(["filter score", "test accuracy after pruning", "after retraining (best)", "FLOPs", "kept filters unlike L1"],
            [Row($"{r.Default.Criterion} ({r.Default.Scoring.ToLowerInvariant()}), the paper's", r.Default, "-"),
             Row($"{r.Name} (edited)", r.Edited, $"{r.Differ} of {r.Kept}")],
            $"{r.Edited.Plan}: the same plan, retraining and seed; only the filter score differs");
        var layers = HtmlTable.Of(["layer", "filters", "kept", "kept unlike L1"],
            r.Layers.Select(l => new[] { l.Site, l.Channels.ToString(), l.Kept.ToString(), l.Differ.ToString() }),
            "Which filters the edited score keeps that L1 does not, per pruned layer");
        return runs + "<br/>" + layers;
    }

    /// <summary>Both searches' outcome: the best candidate's fitness and FLOPs, when it was found, what the search cost.</summary>
    public static string Of(MutationAblationResult r)
    {
        static string[] Row(string name, SearchResult s) =>
        [
            name, s.Best.Accuracy.ToString("P2"), s.Best.Flops.ToString("N0"), MutationAblationResult.FoundIn(s).ToString(),
            s.Evaluated.Length.ToString(), MutationAblationResult.Rejected(s).ToString(), s.Generations.Sum(g => g.Seconds).ToString("F0"),
        ];
        return HtmlTable.Of(["mutation", "best validation accuracy (PruningNet weights)", "its FLOPs", "found in generation", "candidates", "draws rejected", "search (s)"],
            [Row("random reset, the paper's", r.Default), Row($"{r.Name} (edited)", r.Edited)],
            $"The same PruningNet, budget ({r.Edited.Budget:N0} FLOPs), population and seed; only the mutation differs");
    }
}
