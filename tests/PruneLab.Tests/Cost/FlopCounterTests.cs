using PruneLab.Cost;
using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Tests.Cost;

public class FlopCounterTests
{
    [Theory]
    [InlineData("vgg16", 3.13e8, 1.5e7)]      // Li et al. 2017, Table 1
    [InlineData("resnet56", 1.25e8, 8.5e5)]
    [InlineData("resnet110", 2.53e8, 1.72e6)]
    public void Should_Reproduce_The_Papers_Dense_Figures_Within_Half_A_Percent(string name, double flops, double parameters)
    {
        var cost = FlopCounter.Count(Architecture.Of(ModelCatalog.DefaultSpec(name)));
        Assert.InRange(cost.Flops / flops, 0.995, 1.005);
        Assert.InRange(cost.Params / parameters, 0.995, 1.005);
    }

    [Fact]
    public void Should_Count_A_Hand_Computed_Conv()
    {
        // VGG conv2 on CIFAR: 64 filters of 64x3x3 over 32x32 outputs.
        var row = FlopCounter.Count(Architecture.Of(ModelCatalog.DefaultSpec("vgg16"))).Layers.Single(l => l.Name == "conv2");
        Assert.Equal(64L * 64 * 9 * 32 * 32, row.Flops);
        Assert.Equal(64L * 64 * 9, row.Params);
    }

    [Fact]
    public void Should_Price_A_Static_Selection_By_Both_Its_Input_And_Output_Channels()
    {
        var arch = Architecture.Of(ModelCatalog.DefaultSpec("vgg16"));
        var kept = arch.Spec.Widths.ToArray();
        kept[0] = 32; // conv1 64 -> 32 halves conv1 and conv2
        long saved = FlopCounter.Flops(arch, arch.Spec.Widths) - FlopCounter.Flops(arch, kept);
        Assert.Equal(32L * 3 * 9 * 1024 + 64L * 32 * 9 * 1024, saved);
    }

    [Fact]
    public void Should_Average_Per_Sample_Counts_And_Agree_With_The_Static_Count()
    {
        var arch = Architecture.Of(ModelCatalog.DefaultSpec("resnet20"));
        var full = arch.Spec.Widths.Select(w => (double)w).ToArray();
        var half = arch.Spec.Widths.Select(w => w / 2.0).ToArray();
        using var counts = tensor(full.Concat(half).ToArray(), [2, full.Length]);
        var perSample = FlopCounter.PerSample(arch, counts);
        Assert.Equal(FlopCounter.Flops(arch, arch.Spec.Widths), perSample[0], 6);
        Assert.Equal(FlopCounter.Flops(arch, arch.Spec.Widths.Select(w => w / 2).ToArray()), perSample[1], 6);
    }

    [Fact]
    public void Should_Turn_Masks_Into_Average_Costs()
    {
        var arch = Architecture.Of(ModelCatalog.DefaultSpec("vgg16", width: 0.25));
        var masks = arch.Sites.Select(s => (Tensor?)null).ToList();
        masks[0] = tensor(new float[] { 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, [2, 16]);
        var kept = arch.Spec.Widths.ToArray();
        kept[0] = 14;
        double a = FlopCounter.Flops(arch, kept), b = FlopCounter.Flops(arch, arch.Spec.Widths);
        Assert.Equal((a + b) / 2, FlopCounter.AverageFromMasks(arch, masks), 6);
    }

    [Fact]
    public void Should_Reject_A_Selection_Larger_Than_The_Site()
    {
        var arch = Architecture.Of(ModelCatalog.DefaultSpec("resnet20"));
        var kept = arch.Spec.Widths.ToArray();
        kept[3] = 99;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FlopCounter.Flops(arch, kept));
        Assert.Contains("layer1.1.conv1", e.Message);
    }
}
