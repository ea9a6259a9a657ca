using PruneLab.Methods.L1;
using PruneLab.Models;
using PruneLab.Pruning;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Tests.Pruning;

public class SurgeryTests
{
    /// <summary>A trained-looking net: random weights and non-trivial batch-norm statistics.</summary>
    static PrunableNet Net(string family, int seed)
    {
        manual_seed(seed);
        var model = ModelCatalog.Create(ModelCatalog.DefaultSpec(family, 3, 32, 10, width: 0.5));
        using var _ = no_grad();
        foreach (var (name, buffer) in model.named_buffers())
        {
            if (name.EndsWith("running_mean")) buffer.copy_(randn(buffer.shape) * 0.1);
            if (name.EndsWith("running_var")) buffer.copy_(rand(buffer.shape) + 0.5);
        }
        foreach (var (name, p) in model.named_parameters())
            if (name.Contains("bn") && p.dim() == 1) p.copy_(randn(p.shape) * 0.5 + (name.EndsWith("weight") ? 1 : 0));
        return model;
    }

    /// <summary>Prunes every uncoupled site by 40% with L1 ranking.</summary>
    static ChannelSelection Selection(PrunableNet model, double ratio = 0.4) =>
        FilterRanking.Select(model, model.Sites.Select(s => s.IsCoupled ? s.Channels : Math.Max(1, (int)(s.Channels * (1 - ratio)))).ToArray());

    [Theory]
    [InlineData("vgg16")]
    [InlineData("resnet20")]
    [InlineData("mobilenetv2")]
    public void Should_Equal_The_Original_With_The_Pruned_Channels_Silenced(string family)
    {
        using var model = Net(family, 11);
        var selection = Selection(model);
        using var pruned = Surgery.Prune(model, selection);
        Surgery.ZeroPruned(model, selection);
        model.eval();
        pruned.eval();
        using var _ = no_grad();
        var x = randn(4, 3, 32, 32);
        var expected = model.call(x);
        var actual = pruned.call(x);
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5), $"max difference {(actual - expected).abs().max().item<float>():G3}");
    }

    [Theory]
    [InlineData("vgg16")]
    [InlineData("resnet20")]
    [InlineData("mobilenetv2")]
    public void Should_Be_Physically_Smaller_With_The_Planned_Widths(string family)
    {
        using var model = Net(family, 12);
        var selection = Selection(model);
        using var pruned = Surgery.Prune(model, selection);
        Assert.Equal(selection.Widths, pruned.Spec.Widths);
        Assert.True(pruned.ParameterCount() < model.ParameterCount());
        Assert.Equal(selection.Cost().Params, pruned.ParameterCount());
        foreach (var site in pruned.Sites)
            Assert.Equal(selection.Widths[site.Index], ((ConvLayer)pruned.Layer(site.Name)).OutChannels);
    }

    [Fact]
    public void Should_Save_And_Load_A_Pruned_Network_With_No_Code_Change()
    {
        using var folder = new TempRunFolder();
        using var model = Net("vgg16", 13);
        using var pruned = Surgery.Prune(model, Selection(model, 0.6));
        var path = Path.Combine(folder.Path, "pruned.ckpt");
        Checkpoint.Save(path, pruned, new CheckpointHeader { Spec = pruned.Spec, Notes = new() { ["plan"] = "40% L1" } });
        var (loaded, header) = Checkpoint.Load(path);
        using var _ = loaded;
        Assert.Equal(pruned.Spec.Widths, header.Spec.Widths);
        pruned.eval();
        loaded.eval();
        using var noGrad = no_grad();
        var x = randn(2, 3, 32, 32);
        Assert.True(loaded.call(x).allclose(pruned.call(x), 0, 0));
    }

    [Fact]
    public void Should_Refuse_A_Selection_That_Cuts_Residual_Partners_Apart()
    {
        var arch = Architecture.Of(ModelCatalog.DefaultSpec("resnet20", 3, 32, 10, 1.0));
        var kept = arch.Sites.Select(s => Enumerable.Range(0, s.Channels).ToArray()).ToArray();
        kept[arch.Site("layer1.0.conv2").Index] = Enumerable.Range(0, 8).ToArray();
        var e = Assert.Throws<ArgumentException>(() => new ChannelSelection(arch, kept));
        Assert.Contains("tied by a residual add", e.Message);
    }
}
