using PruneLab.Training;

namespace PruneLab.Methods.L1;

/// <summary>One planned layer: how many filters it keeps, and how many of those the edited score keeps that L1 does not.</summary>
public sealed record KeptDifference(string Site, int Channels, int Kept, int Differ);

/// <summary>A reader's filter score beside the paper's L1 run: the same plan, retraining and seed, only the score differs.</summary>
public sealed record FilterScoreAblationResult(string Name, AblationStamp Stamp, string Folder, bool Reused,
    L1PruneResult Default, L1PruneResult Edited, IReadOnlyList<KeptDifference> Layers)
{
    /// <summary>Kept filters, over all planned layers, that the edited score chose and L1 did not.</summary>
    public int Differ => Layers.Sum(l => l.Differ);
    public int Kept => Layers.Sum(l => l.Kept);
}

/// <summary>
/// The L1 notebook's ablation: its L1 run repeated with the reader's <see cref="FilterScore"/> in place of the L1 norm,
/// in a folder keyed by the score's stamp (the cell's source hash and the kit build) and reused only for that stamp.
/// </summary>
public static class FilterScoreAblation
{
    public const string PaperContext =
        "Li et al. rank filters by their L1 norm: the L2 norm did no better, and L1 beat random and largest-first choices at the same ratio (claim 2).";

    /// <summary>
    /// The run of <paramref name="score"/> at <paramref name="defaultConfig"/>'s plan and retraining, read back when
    /// <paramref name="folder"/> holds it for this stamp, resumed when it was cut, else run from scratch; beside
    /// <paramref name="defaultRun"/>, the run of <paramref name="defaultConfig"/> itself.
    /// </summary>
    public static FilterScoreAblationResult Ensure(L1PruneConfig defaultConfig, L1PruneResult defaultRun, Ablation<FilterScore> score,
        string folder, ITrainingProgress? progress = null)
    {
        if (defaultConfig.Ablation is not null) throw new ArgumentException("the default configuration must be the paper's (no ablation stamp).");
        var config = defaultConfig with { Ablation = score.Stamp };
        var finished = ExperimentFolder.Finished<L1PruneResult>(folder, config);
        var edited = finished ?? L1PruneRun.Run(config, folder, progress, resume: ExperimentFolder.Matches(folder, config), score);
        return new FilterScoreAblationResult(score.Name, score.Stamp, folder, finished is not null, defaultRun, edited, KeptDifferences(defaultConfig, score.Code));
    }

    /// <summary>Per planned layer, the filters <paramref name="score"/> keeps that the configuration's own criterion does
    /// not. Weights only: no data, no training, so it is recomputed rather than stored.</summary>
    public static IReadOnlyList<KeptDifference> KeptDifferences(L1PruneConfig config, FilterScore score)
    {
        var (baseline, _) = Checkpoint.Load(config.Checkpoint);
        using var _ = baseline;
        var arch = baseline.Architecture;
        var counts = PruningPlan.Parse(config.Plan, arch).KeptCounts(arch);
        var paper = FilterRanking.Select(baseline, counts, config.Criterion, config.Scoring, config.Retrain.Seed);
        var edited = FilterRanking.Select(baseline, counts, score, config.Scoring);
        return arch.Sites.Where(s => counts[s.Index] < s.Channels)
            .Select(s => new KeptDifference(s.Name, s.Channels, counts[s.Index], edited.Kept[s.Index].Except(paper.Kept[s.Index]).Count()))
            .ToList();
    }
}
