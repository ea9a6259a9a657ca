using PruneLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Cost;

/// <summary>
/// Analytic FLOPs and parameters for any channel selection, from an <see cref="Architecture"/> alone.
/// Static selections give kept channels per site; dynamic ones give them per sample (or as masks) and are averaged.
/// </summary>
public static class FlopCounter
{
    public static CostReport Count(Architecture arch) => Count(arch, arch.Spec.Widths);

    /// <summary>The cost of the architecture with <paramref name="kept"/> channels at each site (static pruning).</summary>
    public static CostReport Count(Architecture arch, IReadOnlyList<int> kept)
    {
        Validate(arch, kept);
        long total = arch.Layers.Sum(l => Macs(l, kept));
        var rows = arch.Layers.Select(l => new LayerCost(l.Name, l.Depthwise ? "dwconv" : l.Kind.ToString().ToLowerInvariant(),
            In(l, kept), Out(l, kept), l.Kernel, l.OutHeight, l.OutWidth, Macs(l, kept),
            l.Params(In(l, kept), Out(l, kept)), total == 0 ? 0 : (double)Macs(l, kept) / total)).ToArray();
        long norms = arch.Norms.Sum(n => 2L * (n.Site >= 0 ? kept[n.Site] : n.Channels));
        return new CostReport(arch.Spec.Family, total, rows.Sum(r => r.Params) + norms, rows);
    }

    public static long Flops(Architecture arch, IReadOnlyList<int> kept)
    {
        Validate(arch, kept);
        return arch.Layers.Sum(l => Macs(l, kept));
    }

    /// <summary>
    /// Per-sample FLOPs from kept channel counts [N, sites] (float or integer tensor). With
    /// <paramref name="denseResidualInputs"/>, a layer reading a coupled site (a residual stream) reads all its channels:
    /// the adds revive channels a per-image mask silenced, so an executing engine must.
    /// </summary>
    public static double[] PerSample(Architecture arch, Tensor keptCounts, bool denseResidualInputs = false)
    {
        if (keptCounts.dim() != 2 || keptCounts.shape[1] != arch.Sites.Count)
            throw new ArgumentException($"kept counts must be [N, {arch.Sites.Count}], got [{string.Join(", ", keptCounts.shape)}].");
        var counts = keptCounts.to(ScalarType.Float64).cpu().data<double>().ToArray();
        int n = (int)keptCounts.shape[0], s = arch.Sites.Count;
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            var row = new ArraySegment<double>(counts, i * s, s);
            foreach (var l in arch.Layers)
            {
                double cin = l.InSite < 0 || (denseResidualInputs && arch.Sites[l.InSite].IsCoupled) ? l.InChannels : row[l.InSite];
                double cout = l.OutSite >= 0 ? row[l.OutSite] : l.OutChannels;
                double perPosition = l.Depthwise ? cout : cout * cin * l.InSpatial;
                result[i] += perPosition * l.Kernel * l.Kernel * l.OutHeight * l.OutWidth;
            }
        }
        return result;
    }

    /// <summary>Average FLOPs per sample from one binary mask [N, channels] per site (null: site kept whole).</summary>
    public static double AverageFromMasks(Architecture arch, IReadOnlyList<Tensor?> masks)
    {
        if (masks.Count != arch.Sites.Count)
            throw new ArgumentException($"expected {arch.Sites.Count} masks (one per site), got {masks.Count}.");
        long n = masks.FirstOrDefault(m => m is not null)?.shape[0] ?? 1;
        using var scope = NewDisposeScope();
        var counts = stack(masks.Select((m, i) => m is null
            ? full(n, arch.Sites[i].Channels, ScalarType.Float64)
            : m.to(ScalarType.Float64).sum(1)).ToArray(), 1);
        return PerSample(arch, counts).Average();
    }

    static int In(LayerShape l, IReadOnlyList<int> kept) => l.InSite >= 0 ? kept[l.InSite] : l.InChannels;
    static int Out(LayerShape l, IReadOnlyList<int> kept) => l.OutSite >= 0 ? kept[l.OutSite] : l.OutChannels;
    static long Macs(LayerShape l, IReadOnlyList<int> kept) => l.Macs(In(l, kept), Out(l, kept));

    static void Validate(Architecture arch, IReadOnlyList<int> kept)
    {
        if (kept.Count != arch.Sites.Count)
            throw new ArgumentException($"expected {arch.Sites.Count} kept counts (one per site), got {kept.Count}.");
        for (int i = 0; i < kept.Count; i++)
            if (kept[i] < 0 || kept[i] > arch.Sites[i].Channels)
                throw new ArgumentOutOfRangeException(nameof(kept), $"site {arch.Sites[i].Name}: kept {kept[i]} of {arch.Sites[i].Channels}.");
    }
}
