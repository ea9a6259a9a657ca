using PruneLab.Cost;
using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Bench;

/// <summary>
/// The sliced engine against the dense module on a full-width VGG-16 at 32x32, batch 1: each image keeps a random
/// share of every site's channels (random indices, so the previous site's kept outputs are this site's kept inputs),
/// timed interleaved image by image beside the FLOPs speed-up of the same masks. Random weights: time does not depend
/// on them.
/// </summary>
public static class SlicedBenchmark
{
    /// <summary>
    /// <paramref name="images"/> images, each keeping <paramref name="share"/> of every site's channels (random indices),
    /// dense module and sliced engine interleaved image by image over <paramref name="repeats"/> passes.
    /// </summary>
    public static SlicedRow Measure(PrunableNet net, SlicedExecution engine, double share, int images, int repeats, int seed)
    {
        var rng = new Random(seed);
        var arch = net.Architecture;
        var kept = Enumerable.Range(0, images).Select(_ => arch.Sites.Select(s =>
            KeptChannels.Random(Math.Max(1, (int)Math.Round(share * s.Channels)), s.Channels, rng)).ToArray()).ToArray();
        var inputs = Enumerable.Range(0, images).Select(_ => randn(1, arch.Spec.InChannels, arch.Spec.ImageSize, arch.Spec.ImageSize)).ToArray();
        var gates = kept.Select(k => new FixedGate(k)).ToArray();
        net.eval();
        using var _ = no_grad();
        Action<int>[] engines =
        [
            i => { using var s = NewDisposeScope(); net.call(inputs[i]); },
            i => { using var s = NewDisposeScope(); engine.Run(inputs[i], gates[i]); },
        ];
        var passes = InterleavedTiming.Passes(engines, images, repeats);
        foreach (var x in inputs) x.Dispose();
        double dense = FlopCounter.Flops(arch, arch.Spec.Widths);
        double mean = kept.Average(k => (double)FlopCounter.Flops(arch, k.Select(c => c.Count).ToArray()));
        return new SlicedRow(share, SpeedComparison.Of($"keep {share:0.##}", 1, images, passes, dense / mean));
    }
}

/// <summary>One keep share of the sliced engine against the dense module at batch 1.</summary>
public sealed record SlicedRow(double Keep, SpeedComparison Timing)
{
    public double Speedup => Timing.Speedup;
    public double FlopsSpeedup => Timing.FlopsSpeedup;
    public double ShareOfFlopsSpeedup => Timing.ShareOfFlopsSpeedup;
}

/// <summary>One site's conv at batch 1: dense, and under random kept channels through each sliced kernel.</summary>
public sealed record SlicedLayerRow(string Site, int InChannels, int OutChannels, int Pixels, double Keep, double DenseMs, double GatheredMs, double InPlaceMs)
{
    public double FlopsSpeedup => (double)InChannels * OutChannels / (Math.Max(1, Math.Round(Keep * InChannels)) * Math.Max(1, Math.Round(Keep * OutChannels)));
}

public static class SlicedLayerBenchmark
{
    /// <summary>
    /// Every site of <paramref name="net"/> alone at batch 1 (its real input size), a random share of its inputs and
    /// outputs kept: the packed dense kernel, the gathered kernel and the in-place kernel, interleaved. This is the
    /// measurement <see cref="SlicedExecution.SmallMap"/> is chosen from.
    /// </summary>
    /// <param name="prefix">Keep the first channels (RNP's groups, MetaPruning's widths) instead of random ones (FTWT's masks).</param>
    public static IReadOnlyList<SlicedLayerRow> Measure(PrunableNet net, double keep, int repeats = 20, int seed = 1, bool prefix = false)
    {
        net.eval();
        using var gathered = new SlicedExecution(net, smallMap: 0);
        using var inPlace = new SlicedExecution(net, smallMap: int.MaxValue);
        var rng = new Random(seed);
        var arch = net.Architecture;
        var rows = new List<SlicedLayerRow>();
        using var _ = no_grad();
        foreach (var site in arch.Sites)
        {
            var layer = arch.Layer(site.Name);
            if (layer.Stride != 1) continue;
            int size = site.OutHeight; // stride 1, same padding: the input map has the output's size
            KeptChannels Kept(int channels) => prefix ? KeptChannels.Prefix(Math.Max(1, (int)Math.Round(keep * channels)), channels)
                : KeptChannels.Random(Math.Max(1, (int)Math.Round(keep * channels)), channels, rng);
            var inKept = Kept(layer.InChannels);
            var outKept = Kept(layer.OutChannels);
            using var full = randn(1, layer.InChannels, size, size);
            using var sliced = randn(1, inKept.Count, size, size);
            var all = KeptChannels.All(layer.InChannels);
            var allOut = KeptChannels.All(layer.OutChannels);
            Action<int>[] engines =
            [
                _ => { using var s = NewDisposeScope(); gathered.Conv(site.Index, full, all, allOut); },
                _ => { using var s = NewDisposeScope(); gathered.Conv(site.Index, sliced, inKept, outKept); },
                _ => { using var s = NewDisposeScope(); inPlace.Conv(site.Index, sliced, inKept, outKept); },
            ];
            var ms = InterleavedTiming.MedianMs(engines, 1, repeats);
            rows.Add(new SlicedLayerRow(site.Name, layer.InChannels, layer.OutChannels, site.OutHeight * site.OutWidth, keep, ms[0], ms[1], ms[2]));
        }
        return rows;
    }
}
