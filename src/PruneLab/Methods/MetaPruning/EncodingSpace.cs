using PruneLab.Cost;
using PruneLab.Models;

namespace PruneLab.Methods.MetaPruning;

/// <summary>One free width: the sites it sets (several where residual adds tie them) and their base width.</summary>
public sealed record Gene(int Index, string Name, int[] Sites, int BaseWidth);

/// <summary>
/// MetaPruning's network encodings over an architecture: a vector of choice indices, one per <see cref="Gene"/>.
/// Sites tied by residual adds share a gene; every other site is free. Prices any encoding with the kit's cost model
/// without building a network.
/// </summary>
public sealed class EncodingSpace
{
    public EncodingSpace(Architecture dense, WidthChoices? choices = null)
    {
        Dense = dense;
        Choices = choices ?? WidthChoices.Paper;
        Genes = dense.Sites.GroupBy(s => s.CouplingGroup).OrderBy(g => g.Min(s => s.Index))
            .Select((g, i) => new Gene(i, g.Count() > 1 ? $"{g.First().Stage} (tied, {g.Count()} sites)" : g.First().Name,
                g.Select(s => s.Index).ToArray(), g.First().Channels))
            .ToArray();
        _geneOfSite = new int[dense.Sites.Count];
        foreach (var gene in Genes)
            foreach (var s in gene.Sites) _geneOfSite[s] = gene.Index;
        DenseFlops = FlopCounter.Flops(dense, dense.Spec.Widths);
    }

    readonly int[] _geneOfSite;

    public Architecture Dense { get; }
    public WidthChoices Choices { get; }
    public IReadOnlyList<Gene> Genes { get; }
    public long DenseFlops { get; }
    public int GeneOfSite(int site) => _geneOfSite[site];

    /// <summary>Channels kept at every site.</summary>
    public int[] Widths(IReadOnlyList<int> encoding)
    {
        Check(encoding);
        return Dense.Sites.Select(s => Choices.Channels(s.Channels, encoding[_geneOfSite[s.Index]])).ToArray();
    }

    public long Flops(IReadOnlyList<int> encoding) => FlopCounter.Flops(Dense, Widths(encoding));

    /// <summary>Every gene drawn uniformly over the choices.</summary>
    public int[] Random(Random rng) => Genes.Select(_ => rng.Next(Choices.Count)).ToArray();

    /// <summary>Every gene at one choice (the smallest, the largest, ...).</summary>
    public int[] All(int choice) => Genes.Select(_ => choice).ToArray();

    /// <summary>The cheapest encoding's FLOPs: no budget below it can be met.</summary>
    public long MinimumFlops => Flops(All(0));

    /// <summary>
    /// The uniformly narrowed network (one multiplier for every layer, any real value, not only the grid) with the most
    /// FLOPs not above <paramref name="flops"/>: the baseline MetaPruning compares its searched widths with.
    /// </summary>
    public (double Multiplier, int[] Widths) UniformAt(long flops)
    {
        int[] At(double m) => Dense.Sites.Select(s => Math.Max(1, (int)Math.Round(s.Channels * m))).ToArray();
        if (FlopCounter.Flops(Dense, At(1e-9)) > flops)
            throw new ArgumentException($"no uniformly narrowed {Dense.Spec.Family} costs {flops:N0} FLOPs or less.");
        double lo = 1e-9, hi = 1;
        for (int i = 0; i < 60; i++)
        {
            double mid = (lo + hi) / 2;
            if (FlopCounter.Flops(Dense, At(mid)) <= flops) lo = mid; else hi = mid;
        }
        return (lo, At(lo));
    }

    /// <summary>A stable text key of an encoding (the search's "already seen" test, snapshot keys).</summary>
    public static string Key(IReadOnlyList<int> encoding) => string.Join(",", encoding);

    public static int[] ParseKey(string key) => key.Split(',').Select(int.Parse).ToArray();

    public void Check(IReadOnlyList<int> encoding)
    {
        if (encoding.Count != Genes.Count)
            throw new ArgumentException($"an encoding of {Dense.Spec.Family} has {Genes.Count} genes, got {encoding.Count}.");
        if (encoding.Any(c => c < 0 || c >= Choices.Count))
            throw new ArgumentException($"every gene must be a choice index in 0..{Choices.Count - 1}: {Key(encoding)}.");
    }
}
