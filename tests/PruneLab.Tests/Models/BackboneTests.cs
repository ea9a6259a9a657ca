using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Tests.Models;

public class BackboneTests
{
    public static TheoryData<string, int, int> Inputs()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var name in ModelCatalog.Names)
        {
            data.Add(name, 1, 28);
            data.Add(name, 3, 32);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Should_Map_A_Batch_To_Class_Scores_For_Both_Input_Kinds(string name, int channels, int size)
    {
        using var model = ModelCatalog.Create(ModelCatalog.DefaultSpec(name, channels, size, 10, width: 0.25));
        model.eval();
        using var _ = no_grad();
        using var y = model.forward(randn(2, channels, size, size));
        Assert.Equal(new long[] { 2, 10 }, y.shape);
        Assert.False(y.isnan().any().item<bool>());
    }

    [Fact]
    public void Should_Expose_Vgg_Sites_With_Their_Consumers_And_Feature_Sizes()
    {
        var arch = Architecture.Of(ModelCatalog.DefaultSpec("vgg16"));
        Assert.Equal(13, arch.Sites.Count);
        Assert.Equal(["conv2"], arch.Site("conv1").Consumers);
        Assert.Equal(["bn1"], arch.Site("conv1").Norms);
        Assert.Equal(["fc1"], arch.Site("conv13").Consumers);
        Assert.Equal(32, arch.Site("conv2").OutHeight);
        Assert.Equal(16, arch.Site("conv3").OutHeight);
        Assert.Equal(2, arch.Site("conv13").OutHeight);
        Assert.All(arch.Sites, s => Assert.False(s.IsCoupled));
    }

    [Fact]
    public void Should_Tie_The_Stem_And_Block_Outputs_Of_Each_ResNet_Stage()
    {
        var arch = Architecture.Of(ModelCatalog.DefaultSpec("resnet56"));
        Assert.Equal(1 + 2 * 27, arch.Sites.Count);
        var stage1 = arch.Coupled(arch.Site("conv1")).Select(s => s.Name).ToArray();
        Assert.Equal(10, stage1.Length); // stem + nine conv2
        Assert.Contains("layer1.8.conv2", stage1);
        Assert.DoesNotContain("layer2.0.conv2", stage1);
        Assert.False(arch.Site("layer2.3.conv1").IsCoupled);
        Assert.Equal(["layer2.3.conv2"], arch.Site("layer2.3.conv1").Consumers);
        Assert.Equal(8, arch.Site("layer3.0.conv1").OutHeight);
    }

    [Fact]
    public void Should_Tie_MobileNetV2_Projections_Within_A_Stage_Only()
    {
        var arch = Architecture.Of(ModelCatalog.DefaultSpec("mobilenetv2"));
        var p1 = arch.Site("layers.1.project");   // stage 2, first block
        var p2 = arch.Site("layers.2.project");   // stage 2, second block
        var p3 = arch.Site("layers.3.project");   // stage 3
        Assert.Equal(p1.CouplingGroup, p2.CouplingGroup);
        Assert.NotEqual(p1.CouplingGroup, p3.CouplingGroup);
        Assert.Contains("layers.1.depthwise", arch.Site("layers.1.expand").Consumers);
        Assert.Contains("layers.1.project", arch.Site("layers.1.expand").Consumers);
    }

    [Fact]
    public void Should_Reject_Unequal_Widths_In_A_Coupled_Group()
    {
        var spec = ModelCatalog.DefaultSpec("resnet20");
        var widths = spec.Widths.ToArray();
        widths[2] = 8; // layer1.0.conv2, tied to the stem (16)
        var e = Assert.Throws<ArgumentException>(() => Architecture.Of(spec.WithWidths(widths)));
        Assert.Contains("layer1.0.conv2=8", e.Message);
    }

    [Fact]
    public void Should_Build_A_Network_Whose_Convs_Have_The_Spec_Widths()
    {
        var spec = ModelCatalog.DefaultSpec("resnet20");
        var widths = spec.Widths.ToArray();
        widths[1] = 5; // layer1.0.conv1 is free
        using var model = ModelCatalog.Create(spec.WithWidths(widths));
        var conv = (ConvLayer)model.Layer("layer1.0.conv1");
        Assert.Equal(5, conv.OutChannels);
        Assert.Equal(5, ((ConvLayer)model.Layer("layer1.0.conv2")).InChannels);
    }

    [Theory]
    [InlineData("resnet", "vgg16, resnet20")]
    [InlineData("vgg16", null)]
    public void Should_Name_The_Valid_Models_For_An_Unknown_Name(string name, string? expected)
    {
        if (expected is null) { Assert.Equal("vgg16", ModelCatalog.DefaultSpec(name).Family); return; }
        var e = Assert.Throws<ArgumentException>(() => ModelCatalog.DefaultSpec(name));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(5.0)]
    public void Should_Reject_An_Impossible_Width_Multiplier(double width) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelCatalog.DefaultSpec("vgg16", width: width));
}
