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
    public static SlicedRow Measure(PrunableNet net, SlicedExecution engine, double share, int images, int repeats, int seed)
    {
        var rng = new Random(seed);
        var arch = net.Architecture;
        var kept = Enumerable.Range(0, images).Select(_ => arch.Sites.Select(s =>
            KeptChannels.Random(Math.Max(1, (int)Math.Round(share * s.Channels)), s.Channels, rng)).ToArray()).ToArray();
        var inputs = Enumerable.Range(0, images).Select(_ => randn(1, arch.Spec.InChannels, arch.Spec.ImageSize, arch.Spec.ImageSize)).ToArray();
        var gates = kept.Select(k => new FixedGate(k)).ToArray();
        using var _ = no_grad();
        Action<int>[] engines =
        [
            i => { using var s = NewDisposeScope(); net.call(inputs[i]); },
            i => { using var s = NewDisposeScope(); engine.Run(inputs[i], gates[i]); },
        ];
        var ms = InterleavedTiming.MedianMs(engines, images, repeats);
        foreach (var x in inputs) x.Dispose();
        double dense = FlopCounter.Flops(arch, arch.Spec.Widths);
        double mean = kept.Average(k => (double)FlopCounter.Flops(arch, k.Select(c => c.Count).ToArray()));
        return new SlicedRow(share, ms[0], ms[1], dense / mean);
    }
}

/// <summary>One keep share: dense and sliced ms per image, the measured and the FLOPs speed-up.</summary>
public sealed record SlicedRow(double Keep, double DenseMs, double SlicedMs, double FlopsSpeedup)
{
    public double Speedup => DenseMs / SlicedMs;
    public double ShareOfFlopsSpeedup => Speedup / FlopsSpeedup;
}
