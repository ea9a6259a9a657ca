using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// Fire Together Wire Together's self-supervised targets: which filters of a layer an image "needs", read off the
/// layer's own output (after BN and activation; for a ResNet block's second conv, after BN and before the residual
/// add). Per image and channel, h_c = max over positions of |out_c|, normalised to sum 1 over channels ("heatmap
/// mass"); the target keeps the most massive channels whose cumulative mass stays within the threshold r, so the
/// number kept varies per image and r = 1 drops only dead channels. The uniform alternative keeps a fixed share.
/// </summary>
public static class FilterTargets
{
    // Cumulative sums of float masses reach 1 only up to rounding; a channel at exactly the threshold counts as within it.
    const double Tolerance = 1e-6;

    /// <summary>Each image's normalised channel mass [N, C] from a layer output [N, C, H, W] (all-zero images get zero mass).</summary>
    public static Tensor Mass(Tensor output)
    {
        var peak = output.abs().amax([2, 3]);
        return peak / peak.sum(1, keepdim: true).clamp_min(1e-12);
    }

    /// <summary>
    /// The heatmap-mass targets [N, C] (1 keep, 0 drop) at threshold <paramref name="r"/> in (0, 1]. The most massive
    /// channel is always kept, also when it alone holds more than r, so no image loses a whole layer.
    /// </summary>
    public static Tensor HeatmapMass(Tensor output, double r)
    {
        if (!(r > 0 && r <= 1)) throw new ArgumentException($"--threshold {r}: expected r in (0, 1] (1 drops only dead channels).");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var mass = Mass(output);
        var (sorted, order) = mass.sort(1, descending: true);
        var within = sorted.cumsum(1).le(r + Tolerance).logical_and(sorted.gt(0));
        within[TensorIndex.Colon, 0] = sorted[TensorIndex.Colon, 0].gt(0); // the top channel, unless the image is all zero
        var keep = zeros_like(mass, dtype: ScalarType.Bool).scatter_(1, order, within);
        return keep.to(output.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>The uniform alternative: the ceil(<paramref name="fraction"/> * C) most massive channels of each image.</summary>
    public static Tensor Uniform(Tensor output, double fraction)
    {
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentException($"--keep {fraction}: expected a fraction in (0, 1].");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var mass = Mass(output);
        long k = (long)Math.Ceiling(fraction * mass.shape[1]);
        var top = mass.topk((int)k, dim: 1).indexes;
        return zeros_like(mass).scatter_(1, top, ones_like(top, dtype: mass.dtype)).to(output.dtype).MoveToOuterDisposeScope();
    }
}
