namespace PruneLab.Models;

/// <summary>
/// The channels of a site that run: all of them, a prefix (the first <see cref="Count"/>: RNP's channel groups,
/// MetaPruning's widths) or ascending indices (FTWT's masks, L1's kept filters). A sliced feature map holds exactly
/// these channels, in this order.
/// </summary>
public readonly struct KeptChannels
{
    readonly int[]? _indices;

    KeptChannels(int count, int total, int[]? indices) => (Count, Total, _indices) = (count, total, indices);

    /// <summary>How many channels run.</summary>
    public int Count { get; }

    /// <summary>The site's channel count.</summary>
    public int Total { get; }

    public bool IsAll => Count == Total;

    /// <summary>The kept channels are 0..Count-1 (also true of <see cref="IsAll"/>).</summary>
    public bool IsPrefix => _indices is null;

    /// <summary>The kept channels, ascending (materialised for a prefix).</summary>
    public ReadOnlySpan<int> Indices => _indices ?? Prefixes(Count);

    public static KeptChannels All(int total) => new(total, total, null);

    public static KeptChannels None(int total) => new(0, total, null);

    public static KeptChannels Prefix(int count, int total)
    {
        if (count < 0 || count > total) throw new ArgumentOutOfRangeException(nameof(count), $"a prefix of {count} channels out of {total}.");
        return new(count, total, null);
    }

    /// <summary>The given channels (ascending, distinct, below <paramref name="total"/>); a run 0..n-1 becomes a prefix.</summary>
    public static KeptChannels Of(int[] indices, int total)
    {
        for (int i = 0; i < indices.Length; i++)
            if (indices[i] < 0 || indices[i] >= total || (i > 0 && indices[i] <= indices[i - 1]))
                throw new ArgumentException($"kept channels must be ascending, distinct and below {total}.");
        bool prefix = indices.Length == 0 || indices[^1] == indices.Length - 1;
        return new(indices.Length, total, prefix ? null : indices);
    }

    /// <summary><paramref name="count"/> channels drawn at random (ascending): what a per-image mask looks like to memory.</summary>
    public static KeptChannels Random(int count, int total, Random rng) => count >= total ? All(total)
        : Of(Enumerable.Range(0, total).OrderBy(_ => rng.Next()).Take(count).Order().ToArray(), total);

    public override string ToString() => IsAll ? $"all {Total}" : IsPrefix ? $"first {Count} of {Total}" : $"{Count} of {Total}";

    static int[] _prefixes = [];

    /// <summary>0..count-1 from one shared array, so a prefix's indices cost no allocation.</summary>
    static ReadOnlySpan<int> Prefixes(int count)
    {
        var known = _prefixes;
        if (known.Length < count)
        {
            known = Enumerable.Range(0, Math.Max(count, 2 * known.Length)).ToArray();
            _prefixes = known;
        }
        return known.AsSpan(0, count);
    }
}
