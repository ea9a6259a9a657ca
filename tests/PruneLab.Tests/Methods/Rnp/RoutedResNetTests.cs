using PruneLab.Cost;
using PruneLab.Methods.L1;
using PruneLab.Methods.Rnp;
using PruneLab.Models;
using PruneLab.Pruning;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Rnp;

public class RoutedResNetTests
{
    /// <summary>A ResNet-20 x0.5 with non-trivial batch-norm statistics, importance-ordered, in eval mode.</summary>
    static CifarResNet Trained(int seed)
    {
        manual_seed(seed);
        using var net = (CifarResNet)ModelCatalog.Create(ModelCatalog.DefaultSpec("resnet20", 1, 28, 10, 0.5));
        using (no_grad())
        {
            foreach (var (name, p) in net.named_parameters())
                if (name.Contains("bn")) p.uniform_(0.5, 1.5);
            net.train();
            for (int i = 0; i < 3; i++) net.forward(randn(16, 1, 28, 28));
        }
        net.eval();
        var ordered = (CifarResNet)Surgery.Prune(net, FilterRanking.ImportanceOrder(net, coupled: false));
        ordered.eval();
        var x = randn(2, 1, 28, 28);
        using (no_grad()) Assert.True(allclose(net.forward(x), ordered.forward(x), rtol: 1e-4, atol: 1e-5), "sorting the inner channels keeps the function");
        return ordered;
    }

    [Fact]
    public void Should_Compute_The_Same_Outputs_Sliced_As_Masked_On_Every_Path()
    {
        using var net = Trained(3);
        var routed = new RoutedResNet(net, paths: 3);
        Assert.Equal(9, routed.Steps);
        var x = randn(2, 1, 28, 28);
        var rng = new Random(7);
        using var _ = no_grad();
        for (int trial = 0; trial < 4; trial++)
        {
            var actions = Enumerable.Range(0, routed.Steps).Select(_ => 1 + rng.Next(3)).ToArray();
            var masked = routed.Masked(x, tensor(actions.Select(a => (long)a).ToArray()).unsqueeze(0).expand(2, -1));
            var sliced = routed.Sliced(x, actions);
            Assert.True(allclose(masked, sliced, rtol: 1e-4, atol: 1e-4),
                $"paths {string.Join(",", actions)}: max difference {(masked - sliced).abs().max().item<float>()}");
        }
        var full = Enumerable.Repeat(3, routed.Steps).ToArray();
        Assert.True(allclose(net.forward(x), routed.Sliced(x, full), rtol: 1e-4, atol: 1e-4), "every block at full width is the dense network");
    }

    [Fact]
    public void Should_Route_Each_Image_On_Its_Own_Path_In_One_Masked_Batch()
    {
        using var net = Trained(4);
        var routed = new RoutedResNet(net, paths: 3);
        var x = randn(3, 1, 28, 28);
        var rows = new[] { Enumerable.Repeat(1, 9).ToArray(), Enumerable.Repeat(2, 9).ToArray(), new[] { 3, 1, 2, 3, 1, 2, 3, 1, 2 } };
        using var _ = no_grad();
        var batch = routed.Masked(x, tensor(rows.SelectMany(r => r.Select(a => (long)a)).ToArray(), [3, 9]));
        for (int i = 0; i < 3; i++)
            Assert.True(allclose(batch[i].unsqueeze(0), routed.Sliced(x[i].unsqueeze(0), rows[i]), rtol: 1e-4, atol: 1e-4), $"image {i}");
    }

    [Fact]
    public void Should_Price_Skip_As_Free_Half_Width_At_Both_Convs_And_Full_As_Dense()
    {
        using var net = Trained(5);
        var routed = new RoutedResNet(net, paths: 3);
        var arch = net.Architecture;
        long dense = FlopCounter.Count(arch).Flops;
        Assert.Equal(dense, routed.DenseFlops());
        long stemAndHead = arch.Layer("conv1").Macs() + arch.Layer("fc").Macs();
        Assert.Equal(stemAndHead, routed.Flops(Enumerable.Repeat(1, 9).ToArray()));
        // Only the first block runs, at half of its 8 inner channels: both of its convs shrink.
        var one = Enumerable.Repeat(1, 9).ToArray();
        one[0] = 2;
        var first = arch.Layer("layer1.0.conv1");
        Assert.Equal(4, routed.Kept(0, 2));
        Assert.Equal(stemAndHead + first.Macs(first.InChannels, 4) + arch.Layer("layer1.0.conv2").Macs(4, 8), routed.Flops(one));
        Assert.Equal("skip", routed.Describe(0, 1));
        Assert.Contains("--paths", Assert.Throws<ArgumentException>(() => new RoutedResNet(net, paths: 1)).Message);
    }
}
