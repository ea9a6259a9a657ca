using PruneLab.Bench;
using PruneLab.Cost;
using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// A run's recorded masks replayed on a wider VGG-16 (random weights: only the timing matters), where compute rather
/// than per-layer overhead sets the batch-1 latency: each image keeps the same share of every site's filters as it
/// did on the trained network. Dense module vs the gated engine's gathered convs, interleaved image by image.
/// </summary>
public sealed record ReplayLatency(string Masks, double Width, int Images, double DenseMs, double GatedMs, double DenseFlops, double MeanFlops)
{
    public double Speedup => DenseMs / GatedMs;
    public double FlopsSpeedup => DenseFlops / MeanFlops;
    public double ShareOfTheoretical => Speedup / FlopsSpeedup;

    /// <param name="masks">What the masks are, for the reports (e.g. "r0.92-decoupled" or "targets at r = 0.85").</param>
    public static ReplayLatency Measure(string masks, MaskRecord record, ModelSpec trained, double width, int images, int repeats = 5, int seed = 1)
    {
        var (t, dense, mean) = Run(masks, record, trained, width, images, repeats, seed);
        return new ReplayLatency(masks, width, t.Items, t.DenseMs, t.PrunedMs, dense, mean);
    }

    /// <summary>The same replay as a <see cref="SpeedComparison"/>: medians, the pass-by-pass speed-up's quartiles (the bench's rows).</summary>
    public static SpeedComparison Compare(string masks, MaskRecord record, ModelSpec trained, double width, int images, int repeats, int seed = 1) =>
        Run(masks, record, trained, width, images, repeats, seed).Timing;

    static (SpeedComparison Timing, double DenseFlops, double MeanFlops) Run(string masks, MaskRecord record, ModelSpec trained, double width, int images, int repeats, int seed)
    {
        if (trained.Family != "vgg16") throw new ArgumentException($"--replay-width replays on a VGG-16; the run trained a {trained.Family}.");
        if (!(width > 0)) throw new ArgumentException($"--replay-width {width}: expected a positive width multiplier.");
        manual_seed(seed);
        var spec = ModelCatalog.DefaultSpec("vgg16", trained.InChannels, trained.ImageSize, trained.NumClasses, width);
        using var net = ModelCatalog.Create(spec);
        net.eval();
        using var gated = new GatedNet(net, new FtwtOptions());
        gated.eval();
        using var engine = new GatedInference(gated);
        using var _ = no_grad();
        int n = Math.Min(images, record.Kept.Length);
        var arch = net.Architecture;
        var counts = Enumerable.Range(0, n).Select(i => arch.Sites.Select(s =>
            (int)Math.Ceiling((double)record.Kept[i][s.Index] / record.SiteChannels[s.Index] * s.Channels)).ToArray()).ToArray();
        // Which filters does not change the FLOPs but does change memory access: random ones, as a predictor's are.
        var rng = new Random(seed);
        var kept = counts.Select(c => c.Select((k, site) => KeptChannels.Random(k, arch.Sites[site].Channels, rng)).ToArray()).ToArray();
        var inputs = Enumerable.Range(0, n).Select(_ => randn(1, spec.InChannels, spec.ImageSize, spec.ImageSize)).ToArray();
        Action<int>[] engines =
        [
            i => { using var s = NewDisposeScope(); net.call(inputs[i]); },
            i => { using var s = NewDisposeScope(); engine.Replay(inputs[i], kept[i]); },
        ];
        var passes = InterleavedTiming.Passes(engines, n, repeats);
        foreach (var t in inputs) t.Dispose();
        using var countTensor = tensor(counts.SelectMany(c => c).ToArray(), [n, arch.Sites.Count]);
        double meanFlops = FlopCounter.PerSample(arch, countTensor).Average();
        double dense = FlopCounter.Flops(arch, spec.Widths);
        return (SpeedComparison.Of($"FTWT {masks} on VGG-16 x{width:0.##}", 1, n, passes, dense / meanFlops), dense, meanFlops);
    }
}
