using PruneLab.Methods.L1;
using PruneLab.Methods.Rnp;
using PruneLab.Models;
using PruneLab.Pruning;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Rnp;

public class RoutedVggTests
{
    /// <summary>A VGG-16 x0.25 with non-trivial batch-norm statistics and affine parameters, in eval mode.</summary>
    static Vgg Trained(int seed)
    {
        manual_seed(seed);
        var net = (Vgg)ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, 0.25));
        using (no_grad())
        {
            foreach (var (name, p) in net.named_parameters())
                if (name.StartsWith("bn")) p.uniform_(0.5, 1.5);
            net.train();
            for (int i = 0; i < 3; i++) net.forward(randn(16, 1, 28, 28));
        }
        net.eval();
        return net;
    }

    [Fact]
    public void Should_Reorder_Filters_By_Importance_Without_Changing_The_Function()
    {
        using var net = Trained(1);
        using var ordered = Surgery.Prune(net, FilterRanking.ImportanceOrder(net));
        ordered.eval();
        var x = randn(4, 1, 28, 28);
        using var _ = no_grad();
        Assert.True(allclose(net.forward(x), ordered.forward(x), rtol: 1e-4, atol: 1e-5));
        foreach (var site in ordered.Sites)
        {
            var norms = FilterRanking.Scores(ordered, site, RankingCriterion.L1);
            Assert.True(norms.Zip(norms.Skip(1)).All(p => p.First >= p.Second), $"{site.Name} is not sorted by L1 norm");
        }
    }

    [Fact]
    public void Should_Compute_The_Same_Outputs_Sliced_As_Masked()
    {
        using var net = Trained(2);
        var routed = new RoutedVgg(net, groups: 4);
        var x = randn(3, 1, 28, 28);
        var rng = new Random(5);
        using var _ = no_grad();
        for (int trial = 0; trial < 4; trial++)
        {
            var actions = Enumerable.Range(0, routed.Steps).Select(_ => 1 + rng.Next(4)).ToArray();
            var masked = routed.Masked(x, tensor(actions.Select(a => (long)a).ToArray()).unsqueeze(0).expand(3, -1));
            var sliced = routed.Sliced(x, actions);
            Assert.True(allclose(masked, sliced, rtol: 1e-4, atol: 1e-4),
                $"actions {string.Join(",", actions)}: max difference {(masked - sliced).abs().max().item<float>()}");
        }
        // Every group kept: the dense network itself.
        var all = Enumerable.Repeat(4, routed.Steps).ToArray();
        Assert.True(allclose(net.forward(x), routed.Sliced(x, all), rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void Should_Keep_A_Ceiling_Share_Of_Channels_Per_Group_And_Refuse_Bad_Actions()
    {
        var arch = Architecture.Of(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, 0.25)); // conv1: 16 channels, conv13: 128
        var groups = new ChannelGroups(arch, 3);
        Assert.Equal(6, groups.Kept(0, 1));    // ceil(16 / 3)
        Assert.Equal(16, groups.Kept(0, 3));
        Assert.Equal(86, groups.Kept(12, 2));  // ceil(2 * 128 / 3)
        Assert.Throws<ArgumentOutOfRangeException>(() => groups.Kept(0, 0));
        Assert.Contains("--groups", Assert.Throws<ArgumentException>(() => new ChannelGroups(arch, 17)).Message);
    }
}
