using PruneLab.Methods.Ftwt;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Ftwt;

public class GatedInferenceTests
{
    [Theory]
    [InlineData("vgg16", FtwtPooling.AverageSoftmax)]
    [InlineData("vgg16", FtwtPooling.Max)]
    [InlineData("resnet20", FtwtPooling.AverageSoftmax)]
    [InlineData("resnet20", FtwtPooling.Max)]
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
                var expected = masks[s][i].nonzero().view(-1);
                Assert.True(expected.shape.SequenceEqual(kept[s].shape) && expected.eq(kept[s]).all().item<bool>(), $"image {i}, site {s}: the engine kept other filters than the masked path");
                if (kept[s].shape[0] < masks[s].shape[1]) partial++;
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
            Assert.Equal(0, kept[3].shape[0]);
            Assert.True(allclose(masked.narrow(0, i, 1), logits, rtol: 1e-3, atol: 1e-3));
        }
    }

    [Fact]
    public void Should_Refuse_MobileNetV2_With_A_Clear_Message()
    {
        using var gated = GatedNetTests.Gated("mobilenetv2", 6);
        var e = Assert.Throws<NotSupportedException>(() => new GatedInference(gated));
        Assert.Contains("masked path", e.Message);
    }
}
