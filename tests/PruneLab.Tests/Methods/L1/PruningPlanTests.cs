using PruneLab.Cost;
using PruneLab.Methods.L1;
using PruneLab.Models;

namespace PruneLab.Tests.Methods.L1;

public class PruningPlanTests
{
    static Architecture Cifar(string model) => Architecture.Of(ModelCatalog.DefaultSpec(model, 3, 32, 10, 1.0));

    // Li et al. 2017, Table 1/2 (CIFAR-10): FLOPs and parameters of the pruned networks, at the table's precision.
    // The table counts conv and linear weights (no batch-norm parameters).
    [Theory]
    [InlineData("vgg16", "vgg16-A", 2.06e8, 5.4e6, 2)]
    [InlineData("resnet56", "resnet56-A", 1.12e8, 7.7e5, 2)]
    [InlineData("resnet56", "resnet56-B", 9.09e7, 7.3e5, 2)]
    [InlineData("resnet110", "resnet110-A", 2.13e8, 1.68e6, 3)]
    [InlineData("resnet110", "resnet110-B", 1.55e8, 1.16e6, 3)]
    public void Should_Give_The_Papers_Flops_And_Params_For_Each_Preset(string model, string preset, double flops, double parameters, int paramDigits)
    {
        var arch = Cifar(model);
        var plan = PruningPlan.Parse(preset, arch);
        var cost = FlopCounter.Count(Architecture.Of(arch.Spec.WithWidths(plan.KeptCounts(arch))));
        Assert.Equal(flops, Significant(cost.Flops, 3));
        Assert.Equal(parameters, Significant(cost.LayerParams, paramDigits));
    }

    [Fact]
    public void Should_Prune_Vgg16_A_As_The_Paper_Describes()
    {
        var arch = Cifar("vgg16");
        var kept = PruningPlan.Parse("vgg16-A", arch).KeptCounts(arch);
        Assert.Equal([32, 64, 128, 128, 256, 256, 256, 256, 256, 256, 256, 256, 256], kept);
    }

    [Fact]
    public void Should_Prune_Only_First_Convs_Of_Blocks_Skipping_The_Listed_Layers()
    {
        var arch = Cifar("resnet56");
        var plan = PruningPlan.Parse("resnet56-B", arch);
        Assert.All(plan.Ratios.Keys, name => Assert.EndsWith(".conv1", name));
        // conv 16 = layer1.7.conv1, 20 = layer2.0.conv1, 38 = layer3.0.conv1, 54 = layer3.8.conv1
        Assert.DoesNotContain("layer1.7.conv1", plan.Ratios.Keys);
        Assert.DoesNotContain("layer2.0.conv1", plan.Ratios.Keys);
        Assert.DoesNotContain("layer3.8.conv1", plan.Ratios.Keys);
        var kept = plan.KeptCounts(arch);
        Assert.Equal(6, kept[arch.Site("layer1.0.conv1").Index]);   // int(16 * 0.4)
        Assert.Equal(22, kept[arch.Site("layer2.1.conv1").Index]);  // int(32 * 0.7)
        Assert.Equal(57, kept[arch.Site("layer3.1.conv1").Index]);  // int(64 * 0.9)
    }

    [Theory]
    [InlineData("vgg16", "conv3=1.2", "[0, 1)")]
    [InlineData("vgg16", "conv99=0.5", "conv99")]
    [InlineData("vgg16", "resnet56-A", "resnet56")]
    [InlineData("resnet56", "layer1.0.conv2=0.5", "tied by a residual add")]
    [InlineData("resnet56", "stages=0.5,0.5,0.5;skip=200", "out of range")]
    [InlineData("resnet56", "stages=0.5,0.5", "3 stage ratios")]
    [InlineData("resnet56", "nonsense", "expected a preset")]
    public void Should_Refuse_An_Impossible_Plan_With_The_Reason(string model, string plan, string reason)
    {
        var e = Assert.ThrowsAny<Exception>(() => PruningPlan.Parse(plan, Cifar(model)));
        Assert.True(e is ArgumentException or KeyNotFoundException, e.GetType().Name);
        Assert.Contains(reason, e.Message);
    }

    static double Significant(double value, int digits) =>
        double.Parse(value.ToString("E" + (digits - 1), System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
}
