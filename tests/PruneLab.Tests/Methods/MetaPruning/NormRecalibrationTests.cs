using PruneLab.Data;
using PruneLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.MetaPruning;

public class NormRecalibrationTests
{
    [Fact]
    public void Should_Set_Running_Statistics_To_The_Exact_Average_Over_The_Batches()
    {
        var info = DatasetInfo.FashionMnist;
        var rng = new Random(2);
        var pixels = new byte[64 * 28 * 28];
        rng.NextBytes(pixels);
        using var set = ImageSet.FromBytes(pixels, Enumerable.Range(0, 64).Select(i => (byte)(i % 10)).ToArray(), info);
        using var norm = nn.BatchNorm2d(1);
        using var net = nn.Sequential(("bn", norm));
        norm.running_mean!.fill_(5); // stale statistics to be replaced, not blended
        NormRecalibration.Run(net, set, CPU, batches: 2, batchSize: 16, seed: 4);

        // The same two batches the recalibration saw (shuffled by the same seed), averaged by hand.
        var loader = new BatchLoader(set, 16, shuffle: true, augment: false, seed: 4) { DisposeBatches = false };
        var means = loader.Epoch(0, CPU).Take(2).Select(b => b.Images.mean().item<float>()).ToArray();
        Assert.Equal(means.Average(), norm.running_mean.item<float>(), 4);
        Assert.False(net.training);
        Assert.Equal(0.1, norm.momentum!.Value, 6); // restored
    }
}
