using PruneLab.Methods.Ftwt;
using PruneLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Ftwt;

public class GatedNetTests
{
    /// <summary>A backbone with non-trivial batch-norm statistics, gated, with predictors whose masks differ per image.</summary>
    internal static GatedNet Gated(string family, int seed, FtwtOptions? options = null, int channels = 1, int size = 28)
    {
        manual_seed(seed);
        var net = ModelCatalog.Create(ModelCatalog.DefaultSpec(family, channels, size, 10, family == "vgg16" ? 0.25 : 0.5));
        using (no_grad())
        {
            foreach (var (name, p) in net.named_parameters())
                if (name.Contains("bn")) p.uniform_(0.5, 1.5);
            net.train();
            for (int i = 0; i < 3; i++) net.forward(randn(16, channels, size, size));
        }
        var gated = new GatedNet(net, options ?? new FtwtOptions());
        using (no_grad())
            foreach (var p in gated.Predictors)
            {
                // Pooled softmax inputs are ~1/C: scale the weights so each image's mask really depends on its input.
                p.Layer.weight!.uniform_(-4.0 * p.InChannels, 4.0 * p.InChannels);
                p.Layer.bias!.uniform_(-0.5, 1.5);
            }
        gated.eval();
        return gated;
    }

    [Theory]
    [InlineData("vgg16")]
    [InlineData("resnet20")]
    [InlineData("mobilenetv2")]
    public void Should_Silence_Exactly_The_Filters_The_Predictors_Turn_Off(string family)
    {
        using var gated = Gated(family, 1);
        // Images of different contrast and brightness: pooled descriptors of random images are otherwise nearly alike.
        var x = randn(4, 1, 28, 28) * arange(1, 5).view(4, 1, 1, 1) + arange(4).view(4, 1, 1, 1);
        using var _ = no_grad();
        var logits = gated.forward(x);
        Assert.Equal([4L, 10L], logits.shape);
        var counts = gated.KeptCounts!;
        Assert.Equal([4L, (long)gated.Sites.Count], counts.shape);
        for (int s = 0; s < gated.Sites.Count; s++)
            Assert.True(allclose(gated.Masks[s]!.sum(1), counts[TensorIndex.Colon, s]));
        // Some filters run and some do not, and images differ: the predictors really gate.
        double share = counts.sum().item<float>() / (4.0 * gated.Sites.Sum(s => s.Channels));
        Assert.InRange(share, 0.05, 0.95);
        Assert.True(gated.Masks.Any(m => m!.ne(m[0].unsqueeze(0)).any().item<bool>()), "every image got the same masks");

        // Forcing every predictor closed for one site zeroes that site's output after its activation.
        var site = gated.Sites[gated.Sites.Count / 2];
        var predictor = gated.Predictors[site.Index];
        predictor.Layer.bias!.fill_(-1e6);
        var seen = new List<Tensor>();
        using var hook = new NormOutputProbe(gated, site.Index, seen);
        gated.forward(x);
        Assert.Equal(0f, seen[0].abs().max().item<float>());
        Assert.Equal(0f, gated.KeptCounts![TensorIndex.Colon, site.Index].sum().item<float>());
    }

    [Fact]
    public void Should_Keep_The_Mask_Loss_Off_The_Backbone_When_Decoupled_Only()
    {
        foreach (var mode in new[] { FtwtModes.Decoupled, FtwtModes.Joint })
        {
            using var gated = Gated("vgg16", 2, new FtwtOptions { Mode = mode, Threshold = 0.9 });
            gated.train();
            gated.CollectTargets = true;
            gated.zero_grad();
            gated.forward(randn(4, 1, 28, 28));
            Assert.NotNull(gated.MaskLoss);
            gated.MaskLoss!.backward();
            double backbone = gated.Backbone.parameters().Where(p => p.grad is not null).Sum(p => p.grad!.abs().sum().item<float>());
            double predictors = gated.PredictorParameters.Where(p => p.grad is not null).Sum(p => p.grad!.abs().sum().item<float>());
            Assert.True(predictors > 0, $"{mode}: the mask loss does not train the predictors");
            if (mode == FtwtModes.Decoupled) Assert.Equal(0, backbone);
            else Assert.True(backbone > 0, "joint: the mask loss does not reach the backbone");
        }
    }

    [Fact]
    public void Should_Count_The_Targets_On_The_Dense_Network_For_The_Estimate()
    {
        using var gated = Gated("resnet20", 3, new FtwtOptions { Threshold = 1.0 });
        gated.Mode = GateMode.Dense;
        var x = randn(3, 1, 28, 28);
        using var _ = no_grad();
        var dense = gated.Backbone.Gate;
        gated.Backbone.Gate = null;
        var plain = gated.Backbone.forward(x);
        gated.Backbone.Gate = dense;
        Assert.True(allclose(plain, gated.forward(x)), "dense mode changed the network's output");
        // r = 1 keeps every channel that fires: a ReLU site keeps its non-dead channels, a pre-add site (no ReLU) all.
        var counts = gated.KeptCounts!;
        Assert.True(gated.Masks.All(m => m is null));
        var second = gated.Sites.First(s => s.Name.EndsWith("conv2"));
        Assert.Equal(3f * second.Channels, counts[TensorIndex.Colon, second.Index].sum().item<float>());
        Assert.True(counts.le(tensor(gated.Sites.Select(s => (float)s.Channels).ToArray())).all().item<bool>());
    }

    /// <summary>Records a site's output after the gate (and the activation that follows it).</summary>
    sealed class NormOutputProbe : ISiteGate, IDisposable
    {
        readonly GatedNet _gated;
        readonly int _site;
        readonly List<Tensor> _seen;

        public NormOutputProbe(GatedNet gated, int site, List<Tensor> seen)
        {
            (_gated, _site, _seen) = (gated, site, seen);
            gated.Backbone.Gate = this;
        }

        public Tensor Apply(int site, Tensor convInput, Tensor normOutput, SiteActivation activation)
        {
            var y = _gated.Apply(site, convInput, normOutput, activation);
            if (site == _site) _seen.Add(activation == SiteActivation.None ? y : y.relu());
            return y;
        }

        public Tensor Follow(int site, Tensor normOutput) => _gated.Follow(site, normOutput);

        public void Dispose() => _gated.Backbone.Gate = _gated;
    }
}
