using PruneLab.Methods.Ftwt;
using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Ftwt;

public class GatedInferenceTests
{
    [Theory]
    [InlineData("vgg16", FtwtPooling.AverageSoftmax)]
    [InlineData("vgg16", FtwtPooling.Max)]
    [InlineData("resnet20", FtwtPooling.AverageSoftmax)]
    [InlineData("resnet20", FtwtPooling.Max)]
    [InlineData("mobilenetv2", FtwtPooling.AverageSoftmax)]
    public void Should_Compute_The_Masked_Outputs_Without_The_Skipped_Filters(string family, string pooling)
    {
        using var gated = GatedNetTests.Gated(family, 4, new FtwtOptions { Pooling = pooling });
        using var engine = new GatedInference(gated);
        var x = randn(4, 1, 28, 28);
        using var _ = no_grad();
        var masked = gated.forward(x);
        var masks = gated.Masks.Select(m => m!.clone()).ToArray();
        int partial = 0;
        for (int i = 0; i < 4; i++)
        {
            var (logits, kept) = engine.Run(x.narrow(0, i, 1));
            for (int s = 0; s < kept.Length; s++)
            {
                var expected = masks[s][i].nonzero().view(-1).data<long>().Select(v => (int)v).ToArray();
                Assert.True(expected.SequenceEqual(kept[s].Indices.ToArray()), $"image {i}, site {s}: the engine kept other filters than the masked path");
                if (kept[s].Count < masks[s].shape[1]) partial++;
            }
            Assert.True(allclose(masked.narrow(0, i, 1), logits, rtol: 1e-3, atol: 1e-3),
                $"image {i}: max difference {(masked.narrow(0, i, 1) - logits).abs().max().item<float>()}");
            Assert.True(allclose(logits, engine.Replay(x.narrow(0, i, 1), kept)));
        }
        Assert.True(partial > 4, "the masks skipped almost nothing; the test would not see a gather error");
    }

    [Fact]
    public void Should_Execute_A_Site_That_Keeps_No_Filter()
    {
        using var gated = GatedNetTests.Gated("vgg16", 5);
        using (no_grad())
        {
            gated.Predictors[3].Layer.bias!.fill_(-1e6);
            gated.Predictors[3].Layer.weight!.zero_();
        }
        using var engine = new GatedInference(gated);
        var x = randn(2, 1, 28, 28);
        using var _ = no_grad();
        var masked = gated.forward(x);
        for (int i = 0; i < 2; i++)
        {
            var (logits, kept) = engine.Run(x.narrow(0, i, 1));
            Assert.Equal(0, kept[3].Count);
            Assert.True(allclose(masked.narrow(0, i, 1), logits, rtol: 1e-3, atol: 1e-3));
        }
    }

    [Theory]
    [InlineData(1e6, 1.0)]    // every filter runs: the dense branch at every site
    [InlineData(-12.0, 0.5)]  // few run: gathered kernels on large maps, the in-place kernel on small ones
    public void Should_Match_The_Masked_Path_In_Every_Execution_Branch(double bias, double maxShare)
    {
        foreach (var family in new[] { "vgg16", "resnet20", "mobilenetv2" })
        {
            using var gated = GatedNetTests.Gated(family, 7);
            using (no_grad())
                foreach (var p in gated.Predictors) p.Layer.bias!.add_(bias);
            using var engine = new GatedInference(gated);
            var x = randn(2, 1, 28, 28);
            using var _ = no_grad();
            var masked = gated.forward(x);
            double share = gated.KeptCounts!.sum().item<float>() / (2.0 * gated.Sites.Sum(s => s.Channels));
            Assert.InRange(share, bias > 0 ? 1.0 : 0.02, maxShare);
            if (bias > 0)
            {
                Assert.Equal(1.0, share, 6);
                gated.Backbone.Gate = null; // the plain network
                Assert.True(allclose(masked, gated.Backbone.forward(x), rtol: 1e-4, atol: 1e-5));
                gated.Backbone.Gate = gated;
            }
            for (int i = 0; i < 2; i++)
            {
                var (logits, _) = engine.Run(x.narrow(0, i, 1));
                Assert.True(allclose(masked.narrow(0, i, 1), logits, rtol: 1e-3, atol: 1e-3),
                    $"{family}, bias {bias}: max difference {(masked.narrow(0, i, 1) - logits).abs().max().item<float>()}");
            }
        }
    }
}
