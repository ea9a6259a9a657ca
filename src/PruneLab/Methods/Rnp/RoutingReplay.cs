using PruneLab.Bench;
using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// An RNP run's recorded actions (routing.json: groups per layer and image) replayed on a VGG-16 of another width at
/// the run's input size, the dense module against the sliced steps interleaved image by image: what the same decisions
/// save where the convolutions, not the per-call overhead, set the batch-1 latency. Random weights (time does not
/// depend on them); the agent is not timed. FTWT's twin is <see cref="Ftwt.ReplayLatency"/>.
/// </summary>
public static class RoutingReplay
{
    public static SpeedComparison Measure(string name, RoutingRecord record, double width, int images, int repeats, int seed = 1,
        int inChannels = 3, int imageSize = 32)
    {
        if (!(width > 0)) throw new ArgumentException($"--replay-width {width}: expected a positive width multiplier.");
        if (record.Actions.Length == 0) throw new ArgumentException($"{name}: its routing holds no image.");
        manual_seed(seed);
        using var net = (Vgg)ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", inChannels, imageSize, 10, width));
        net.eval();
        var routed = new RoutedVgg(net, record.ActionLabels[0].Length);
        if (record.Actions[0].Length != routed.Steps)
            throw new ArgumentException($"{name}: its routing has {record.Actions[0].Length} steps; VGG-16 has {routed.Steps} (an RNR routing cannot be replayed on VGG-16).");
        int n = Math.Min(images, record.Actions.Length);
        var inputs = Enumerable.Range(0, n).Select(_ => randn(1, inChannels, imageSize, imageSize)).ToArray();
        using var _ = no_grad();
        Action<int>[] engines =
        [
            i => { using var s = NewDisposeScope(); net.call(inputs[i]); },
            i => { using var s = NewDisposeScope(); routed.Sliced(inputs[i], record.Actions[i]); },
        ];
        var passes = InterleavedTiming.Passes(engines, n, repeats);
        foreach (var x in inputs) x.Dispose();
        routed.Engine.Dispose();
        double flopsSpeedup = routed.DenseFlops() / Enumerable.Range(0, n).Average(i => (double)routed.Flops(record.Actions[i]));
        return SpeedComparison.Of($"RNP {name} on VGG-16 x{width:0.##}", 1, n, passes, flopsSpeedup);
    }
}
