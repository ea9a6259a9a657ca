using PruneLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Tests.Models;

public class SlicedExecutionTests
{
    /// <summary>A small backbone with non-trivial norm statistics and affine parameters, in eval mode.</summary>
    static PrunableNet Trained(string family, int seed, int size = 16, double width = 0.25)
    {
        manual_seed(seed);
        var net = ModelCatalog.Create(ModelCatalog.DefaultSpec(family, 3, size, 10, width));
        using (no_grad())
        {
            foreach (var (name, p) in net.named_parameters())
                if (name.Contains("bn")) p.uniform_(0.5, 1.5);
            net.train();
            for (int i = 0; i < 3; i++) net.forward(randn(8, 3, size, size));
        }
        net.eval();
        return net;
    }

    /// <summary>Per site, a random share of the channels: a prefix, random indices, all, or none, by site.</summary>
    static KeptChannels[] RandomKept(Architecture arch, Random rng, bool allowNone = true) => arch.Sites.Select(s =>
    {
        int kind = rng.Next(allowNone ? 5 : 4);
        if (kind == 0) return KeptChannels.All(s.Channels);
        if (kind == 1) return KeptChannels.Prefix(rng.Next(1, s.Channels + 1), s.Channels);
        if (kind == 4 && s.Index > 0) return KeptChannels.None(s.Channels);
        var picked = Enumerable.Range(0, s.Channels).Where(_ => rng.NextDouble() < 0.6).ToArray();
        return picked.Length == 0 ? KeptChannels.Prefix(1, s.Channels) : KeptChannels.Of(picked, s.Channels);
    }).ToArray();

    [Theory]
    [InlineData("vgg16")]
    [InlineData("resnet20")]
    [InlineData("mobilenetv2")]
    public void Should_Equal_The_Masked_Forward_Pass_Under_Any_Kept_Channels(string family)
    {
        using var net = Trained(family, 3);
        using var engine = new SlicedExecution(net);
        var rng = new Random(5);
        using var _ = no_grad();
        for (int trial = 0; trial < 6; trial++)
        {
            var kept = RandomKept(net.Architecture, rng);
            var x = randn(1, 3, 16, 16);
            net.Gate = new ChannelMaskGate((site, _) => ChannelMaskGate.Mask([kept[site]]));
            var masked = net.forward(x);
            net.Gate = null;
            var sliced = engine.Run(x, new FixedGate(kept));
            Assert.True(allclose(masked, sliced, rtol: 1e-4, atol: 1e-4),
                $"{family} trial {trial}: max difference {(masked - sliced).abs().max().item<float>():G3}; kept {string.Join(", ", kept)}");
        }
    }

    [Fact]
    public void Should_Compute_The_Same_With_The_256_Bit_Kernel_As_With_The_512_Bit_Ones()
    {
        using var net = Trained("vgg16", 8, size: 32);
        var kept = RandomKept(net.Architecture, new Random(3), allowNone: false);
        var x = randn(1, 3, 32, 32);
        using var _ = no_grad();
        bool before = InPlaceConvolution.Use512;
        try
        {
            InPlaceConvolution.Use512 = false;
            using var narrow = new SlicedExecution(net);
            var a = narrow.Run(x, new FixedGate(kept));
            InPlaceConvolution.Use512 = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;
            using var wide = new SlicedExecution(net);
            Assert.True(allclose(a, wide.Run(x, new FixedGate(kept)), rtol: 1e-4, atol: 1e-4));
            net.Gate = new ChannelMaskGate((site, _) => ChannelMaskGate.Mask([kept[site]]));
            Assert.True(allclose(a, net.forward(x), rtol: 1e-4, atol: 1e-4));
        }
        finally
        {
            InPlaceConvolution.Use512 = before;
            net.Gate = null;
        }
    }

    [Theory]
    [InlineData("vgg16")]
    [InlineData("resnet20")]
    [InlineData("mobilenetv2")]
    public void Should_Equal_The_Dense_Network_When_Every_Channel_Runs(string family)
    {
        using var net = Trained(family, 4);
        using var engine = new SlicedExecution(net);
        var x = randn(4, 3, 16, 16);
        using var _ = no_grad();
        Assert.True(allclose(net.forward(x), engine.Run(x, FixedGate.Dense(net.Architecture)), rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void Should_Run_A_Batch_Under_One_Static_Selection()
    {
        using var net = Trained("vgg16", 6);
        using var engine = new SlicedExecution(net);
        var kept = RandomKept(net.Architecture, new Random(2), allowNone: false);
        var x = randn(5, 3, 16, 16);
        using var _ = no_grad();
        var batch = engine.Run(x, new FixedGate(kept));
        for (int i = 0; i < 5; i++)
            Assert.True(allclose(batch[i].unsqueeze(0), engine.Run(x.narrow(0, i, 1), new FixedGate(kept)), rtol: 1e-4, atol: 1e-4), $"image {i}");
    }

    [Fact]
    public void Should_Follow_New_Weights_After_Refresh()
    {
        using var net = Trained("resnet20", 7);
        using var engine = new SlicedExecution(net);
        var x = randn(2, 3, 16, 16);
        using var _ = no_grad();
        foreach (var p in net.parameters()) p.mul_(1.1);
        var dense = FixedGate.Dense(net.Architecture);
        Assert.False(allclose(net.forward(x), engine.Run(x, dense), rtol: 1e-4, atol: 1e-4), "folded kernels are a snapshot");
        engine.Refresh();
        Assert.True(allclose(net.forward(x), engine.Run(x, dense), rtol: 1e-4, atol: 1e-4));
    }
}
