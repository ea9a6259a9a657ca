using PruneLab.Cost;
using PruneLab.Models;

namespace PruneLab.Pruning;

/// <summary>
/// The output channels each site of a network keeps, as indices into the original channels (ascending, unless
/// <see cref="Ordered"/>). The static
/// selection every method can produce: L1 ranking picks the indices, a width vector is a prefix selection. Coupled
/// sites (tied by residual adds) always keep the same indices.
/// </summary>
public sealed class ChannelSelection
{
    public ChannelSelection(Architecture architecture, IReadOnlyList<int[]> kept) : this(architecture, kept, ordered: false) { }

    /// <summary>
    /// A selection whose indices keep the order given (not sorted): surgery then also reorders the channels. With every
    /// channel kept it is a pure reordering, e.g. most important filters first for runtime pruning's channel groups.
    /// </summary>
    public static ChannelSelection Ordered(Architecture architecture, IReadOnlyList<int[]> order) => new(architecture, order, ordered: true);

    ChannelSelection(Architecture architecture, IReadOnlyList<int[]> kept, bool ordered)
    {
        Architecture = architecture;
        if (kept.Count != architecture.Sites.Count)
            throw new ArgumentException($"a selection needs one entry per site ({architecture.Sites.Count}), got {kept.Count}");
        foreach (var site in architecture.Sites)
        {
            var k = kept[site.Index];
            if (k.Length == 0) throw new ArgumentException($"site {site.Name} would keep no channel");
            for (int i = 0; i < k.Length; i++)
                if (k[i] < 0 || k[i] >= site.Channels || (!ordered && i > 0 && k[i] <= k[i - 1]))
                    throw new ArgumentException($"site {site.Name}: kept channels must be ascending, distinct and below {site.Channels}");
            if (ordered && k.Distinct().Count() != k.Length)
                throw new ArgumentException($"site {site.Name}: an ordered selection must not repeat a channel");
            foreach (var other in architecture.Coupled(site))
                if (!kept[other.Index].SequenceEqual(k))
                    throw new ArgumentException($"sites {site.Name} and {other.Name} are tied by a residual add and must keep the same channels");
        }
        Kept = kept.Select(k => k.ToArray()).ToArray();
    }

    public Architecture Architecture { get; }
    public IReadOnlyList<int[]> Kept { get; }

    public int[] Widths => Kept.Select(k => k.Length).ToArray();

    /// <summary>The architecture of the network this selection leaves.</summary>
    public ModelSpec PrunedSpec => Architecture.Spec.WithWidths(Widths);

    public CostReport Cost() => FlopCounter.Count(Models.Architecture.Of(PrunedSpec));
}
