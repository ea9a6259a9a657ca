using PruneLab.Models;
using PruneLab.Pruning;
using static TorchSharp.torch;

namespace PruneLab.Methods.L1;

/// <summary>How filters are scored: the paper's L1 norm, and the ablations.</summary>
public enum RankingCriterion
{
    /// <summary>Sum of |w| over the filter (Li et al.); prune the smallest.</summary>
    L1,
    /// <summary>Euclidean norm; the paper found it no better than L1.</summary>
    L2,
    /// <summary>A seeded random choice: what ranking must beat.</summary>
    Random,
    /// <summary>Prune the largest-L1 filters instead: the opposite of the paper, to show the ranking matters.</summary>
    LargestFirst,
}

/// <summary>How layers see each other's pruning when scored (paper Sec. 3.2).</summary>
public enum CrossLayerScoring
{
    /// <summary>Every layer is scored on its original weights.</summary>
    Independent,
    /// <summary>A layer's scores ignore the kernels that read channels already pruned in the layer before it.</summary>
    Greedy,
}

/// <summary>
/// Chooses which filters each site keeps, given how many (a <see cref="PruningPlan"/>'s counts). Every scored choice,
/// the paper's and a reader's ablation alike, goes through one <see cref="FilterScore"/> (the built-in criteria are
/// <see cref="FilterScores"/>). Sites tied by a residual add are ranked together (their scores summed) and keep the same filters.
/// </summary>
public static class FilterRanking
{
    /// <summary>One score per filter of a site's conv; higher = more important. Under greedy scoring only the input
    /// channels in <paramref name="keptInputs"/> count.</summary>
    public static float[] Scores(PrunableNet model, PrunableSite site, RankingCriterion criterion, int[]? keptInputs = null) =>
        Scores(model, site, FilterScores.Of(criterion), keptInputs);

    /// <summary>The <paramref name="score"/> of every filter of a site's conv, checked: one finite value per filter.</summary>
    public static float[] Scores(PrunableNet model, PrunableSite site, FilterScore score, int[]? keptInputs = null)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var weight = model.Layer(site.Name).named_parameters().First(p => p.name == "weight").parameter.detach();
        if (keptInputs is not null && weight.shape[1] > 1)
            weight = weight.index_select(1, tensor(keptInputs.Select(i => (long)i).ToArray(), device: weight.device));
        var scores = score(weight) ?? throw new ArgumentException($"the filter score returned no tensor for {site.Name}.");
        if (scores.numel() != weight.shape[0])
            throw new ArgumentException($"a filter score must return one value per filter: {site.Name} has {weight.shape[0]} filters, " +
                                        $"the score returned shape [{string.Join(", ", scores.shape)}].");
        var values = scores.detach().flatten().to(ScalarType.Float32).cpu().data<float>().ToArray();
        if (values.Any(v => !float.IsFinite(v)))
            throw new ArgumentException($"the filter score of {site.Name} is not finite for some filter (NaN or infinity cannot be ranked).");
        return values;
    }

    /// <summary>The filters each site keeps under a built-in criterion (Random: a seeded choice, no scores).</summary>
    public static ChannelSelection Select(PrunableNet model, int[] keptCounts, RankingCriterion criterion = RankingCriterion.L1,
        CrossLayerScoring scoring = CrossLayerScoring.Independent, int seed = 0)
    {
        if (criterion != RankingCriterion.Random) return Select(model, keptCounts, FilterScores.Of(criterion), scoring);
        var random = new Random(seed);
        return Choose(model, keptCounts, (sites, count, _) => Enumerable.Range(0, sites[0].Channels).OrderBy(_ => random.Next()).Take(count).ToArray());
    }

    /// <summary>The filters each site keeps: its <paramref name="score"/>'s highest (ties: the lower index).</summary>
    public static ChannelSelection Select(PrunableNet model, int[] keptCounts, FilterScore score, CrossLayerScoring scoring = CrossLayerScoring.Independent)
    {
        var arch = model.Architecture;
        return Choose(model, keptCounts, (sites, count, kept) =>
        {
            var total = GroupScores(model, sites, score, site =>
            {
                var inputSite = arch.Layer(site.Name).InSite;
                return scoring == CrossLayerScoring.Greedy && inputSite >= 0 ? kept[inputSite] : null;
            });
            return Enumerable.Range(0, sites[0].Channels).OrderByDescending(i => total[i]).ThenBy(i => i).Take(count).ToArray();
        });
    }

    /// <summary>Checks the counts and asks <paramref name="choose"/> for each group that loses channels, in execution
    /// order (it sees what earlier groups kept); a group kept whole keeps its channels in order.</summary>
    static ChannelSelection Choose(PrunableNet model, int[] keptCounts, Func<IReadOnlyList<PrunableSite>, int, int[][], int[]> choose)
    {
        var arch = model.Architecture;
        if (keptCounts.Length != arch.Sites.Count) throw new ArgumentException($"need {arch.Sites.Count} kept counts, got {keptCounts.Length}");
        var kept = new int[arch.Sites.Count][];
        foreach (var group in arch.Sites.GroupBy(s => s.CouplingGroup).OrderBy(g => g.Min(s => s.Index)))
        {
            var sites = group.ToList();
            var first = sites[0];
            int count = keptCounts[first.Index];
            if (sites.Any(s => keptCounts[s.Index] != count))
                throw new ArgumentException($"sites {string.Join(", ", sites.Select(s => s.Name))} are tied by residual adds; give them one kept count");
            if (count < 1 || count > first.Channels)
                throw new ArgumentException($"site {first.Name}: cannot keep {count} of {first.Channels} channels");
            var choice = count == first.Channels ? Enumerable.Range(0, count).ToArray() : choose(sites, count, kept);
            Array.Sort(choice);
            foreach (var site in sites) kept[site.Index] = choice;
        }
        return new ChannelSelection(arch, kept);
    }

    /// <summary>
    /// Every channel of every site, most important first (sites tied by residual adds share one order): applied with
    /// <see cref="Surgery.Prune"/> it reorders the network without changing its function, so that any prefix of a
    /// layer's filters is its best prefix (runtime pruning keeps the first groups of channels).
    /// <paramref name="coupled"/> false leaves the sites tied by residual adds in their order (routing that never
    /// narrows them, e.g. RNR's block paths, needs only the inner channels sorted).
    /// </summary>
    public static ChannelSelection ImportanceOrder(PrunableNet model, RankingCriterion criterion = RankingCriterion.L1, bool coupled = true)
    {
        if (criterion is RankingCriterion.Random or RankingCriterion.LargestFirst)
            throw new ArgumentException($"an importance order needs a norm criterion (L1 or L2), not {criterion}.");
        var arch = model.Architecture;
        var order = new int[arch.Sites.Count][];
        foreach (var group in arch.Sites.GroupBy(s => s.CouplingGroup))
        {
            if (!coupled && group.First().IsCoupled)
            {
                foreach (var site in group) order[site.Index] = Enumerable.Range(0, site.Channels).ToArray();
                continue;
            }
            var total = GroupScores(model, group.ToList(), FilterScores.Of(criterion), _ => null);
            var sorted = Enumerable.Range(0, total.Length).OrderByDescending(i => total[i]).ThenBy(i => i).ToArray();
            foreach (var site in group) order[site.Index] = sorted;
        }
        return ChannelSelection.Ordered(arch, order);
    }

    /// <summary>The summed scores of tied sites (one site: its own scores).</summary>
    static double[] GroupScores(PrunableNet model, IReadOnlyList<PrunableSite> sites, FilterScore score, Func<PrunableSite, int[]?> keptInputs)
    {
        var total = new double[sites[0].Channels];
        foreach (var site in sites)
        {
            var s = Scores(model, site, score, keptInputs(site));
            for (int i = 0; i < s.Length; i++) total[i] += s[i];
        }
        return total;
    }
}
