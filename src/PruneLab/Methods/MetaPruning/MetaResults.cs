using PruneLab.Training;

namespace PruneLab.Methods.MetaPruning;

/// <summary>The search in a few numbers (the whole population stays in the search folder's result.json).</summary>
public sealed record SearchSummary(string BestEncoding, IReadOnlyDictionary<string, int> Widths, long Flops, double ValidationAccuracy,
    int Candidates, int Generations, long MaxCandidateFlops, double Seconds);

/// <summary>What notebook 02 writes as results/metapruning/&lt;profile&gt;/summary.json, read by the comparison.</summary>
public sealed record MetaSummary(
    string Profile, string Model, string Dataset, long DenseFlops, double BaselineAccuracy, long Budget,
    PruningNetResult PruningNet, SearchSummary? Search, BaselineResult? Searched, BaselineResult? Uniform, double UniformMultiplier,
    CorrelationResult? Correlation)
{
    public IReadOnlyList<ClaimCheck> Claims => MetaClaims.Check(this);
}

public static class MetaResults
{
    public const string SummaryFile = "summary.json";

    public static SearchSummary Summarise(SearchResult search, EncodingSpace space) => new(
        search.Best.Key, space.Dense.Sites.ToDictionary(s => s.Name, s => space.Widths(search.Best.Encoding)[s.Index]),
        search.Best.Flops, search.Best.Accuracy, search.Evaluated.Length, search.Generations.Length,
        search.Evaluated.Max(c => c.Flops), search.Generations.Sum(g => g.Seconds));

    /// <summary>Writes summary.json (claim verdicts included) atomically into <paramref name="folder"/>; returns its path.</summary>
    public static string Save(string folder, MetaSummary summary)
    {
        var path = Path.Combine(folder, SummaryFile);
        AtomicFile.WriteJson(path, summary);
        return path;
    }
}
