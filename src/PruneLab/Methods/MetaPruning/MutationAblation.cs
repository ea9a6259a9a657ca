using PruneLab.Training;

namespace PruneLab.Methods.MetaPruning;

/// <summary>A reader's mutation beside the paper's search: the same PruningNet, budget, population, generations and seed.</summary>
public sealed record MutationAblationResult(string Name, AblationStamp Stamp, string Folder, bool Reused, SearchResult Default, SearchResult Edited)
{
    /// <summary>The first generation whose best error is the search's final best (1-based): how soon it converged.</summary>
    public static int FoundIn(SearchResult search) => search.Best.Generation + 1;

    /// <summary>Draws rejected over the whole search (already seen or over the budget).</summary>
    public static int Rejected(SearchResult search) => search.Generations.Sum(g => g.Rejected);
}

/// <summary>
/// Notebook 02's ablation: its evolutionary search repeated with the reader's <see cref="Mutation"/>, in a folder keyed
/// by the mutation's stamp (the cell's source hash and the kit build) and reused only for that stamp. Only the search is
/// repeated: training the winner from scratch would cost what the notebook's final phase costs.
/// </summary>
public static class MutationAblation
{
    /// <summary>
    /// The search with <paramref name="mutation"/> at <paramref name="defaultConfig"/>, read back when
    /// <paramref name="folder"/> holds it for this stamp, resumed from its snapshot when it was cut, else run from
    /// scratch; beside <paramref name="defaultSearch"/>, the search of <paramref name="defaultConfig"/> itself.
    /// </summary>
    public static MutationAblationResult Ensure(SearchConfig defaultConfig, SearchResult defaultSearch, Ablation<Mutation> mutation,
        string folder, string pruningNetFolder, Action<GenerationStats, IReadOnlyList<Candidate>>? progress = null, CancellationToken cancel = default)
    {
        if (defaultConfig.Mutation is not null) throw new ArgumentException("the default configuration must be the paper's search (no mutation stamp).");
        var config = defaultConfig with { Mutation = mutation.Stamp };
        var finished = ExperimentFolder.Finished<SearchResult>(folder, config);
        var edited = finished ?? MetaPruningRun.Search(config, folder, pruningNetFolder, progress, cancel, mutation);
        return new MutationAblationResult(mutation.Name, mutation.Stamp, folder, finished is not null, defaultSearch, edited);
    }
}
