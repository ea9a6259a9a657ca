using PruneLab.Models;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// RNP's action space: each routed site's output channels split into k ordered groups; action a (1..k) keeps the first
/// a groups. Channels must be ordered by importance first (<see cref="L1.FilterRanking.ImportanceOrder"/>).
/// </summary>
public sealed class ChannelGroups
{
    public ChannelGroups(Architecture architecture, int groups = 4)
    {
        if (groups < 1) throw new ArgumentException("--groups must be at least 1.");
        var narrow = architecture.Sites.FirstOrDefault(s => s.Channels < groups);
        if (narrow is not null)
            throw new ArgumentException($"--groups {groups}: site {narrow.Name} has only {narrow.Channels} channels.");
        Architecture = architecture;
        Count = groups;
    }

    public Architecture Architecture { get; }

    /// <summary>k, the number of groups per site (the paper's typical value is 4).</summary>
    public int Count { get; }

    /// <summary>Channels a site keeps when its first <paramref name="groups"/> groups run (the last group takes the remainder).</summary>
    public int Kept(int site, int groups)
    {
        if (groups < 1 || groups > Count) throw new ArgumentOutOfRangeException(nameof(groups), $"an action keeps 1..{Count} groups, got {groups}.");
        int channels = Architecture.Sites[site].Channels;
        return (int)Math.Ceiling((double)groups * channels / Count);
    }

    /// <summary>Kept channels per site for one image's actions (one per site).</summary>
    public int[] Widths(IReadOnlyList<int> actions) => actions.Select((a, site) => Kept(site, a)).ToArray();
}
