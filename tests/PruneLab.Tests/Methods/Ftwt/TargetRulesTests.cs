using PruneLab.Methods;
using PruneLab.Methods.Ftwt;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Ftwt;

public class TargetRulesTests
{
    /// <summary>Post-ReLU outputs of one site for a batch: some channels dead, the rest of uneven strength.</summary>
    static Tensor Outputs(int seed)
    {
        var generator = new Generator((ulong)seed);
        var x = randn([32, 24, 5, 5], generator: generator) * rand([1, 24, 1, 1], generator: generator) * 3;
        x[TensorIndex.Colon, TensorIndex.Slice(0, 3)] = -1; // dead after the ReLU
        return x.relu();
    }

    [Fact]
    public void Should_Give_Exactly_The_Papers_Targets_Through_The_Delegates()
    {
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var output = Outputs(seed);
            foreach (var r in new[] { 0.3, 0.7, 0.85, 0.92, 1.0 })
            {
                Assert.True(Same(TargetRules.HeatmapMass(output, r), FilterTargets.HeatmapMass(output, r)), $"seed {seed}, r {r}");
                Assert.True(Same(new FtwtOptions { Threshold = r }.Targets(output), FilterTargets.HeatmapMass(output, r)), $"options, seed {seed}, r {r}");
            }
            Assert.True(Same(TargetRules.Uniform(0.4)(output, 0.9), FilterTargets.Uniform(output, 0.4)));
            var uniform = new FtwtOptions { Target = FtwtTargets.Uniform, UniformKeep = 0.4 };
            Assert.True(Same(uniform.Targets(output), FilterTargets.Uniform(output, 0.4)));
        }
    }

    [Fact]
    public void Should_Use_The_Ablations_Rule_Read_Any_Non_Zero_As_Kept_And_Refuse_A_Wrong_Shape()
    {
        var output = Outputs(4);
        var top3 = Ablation.Of<TargetRule>("top three", (o, _) =>
            zeros(o.shape[0], o.shape[1], dtype: ScalarType.Int64).scatter_(1, o.amax([2, 3]).topk(3, dim: 1).indexes, full(o.shape[0], 3, 7L)));
        var options = new FtwtOptions { TargetAblation = top3 };
        var targets = options.Targets(output);
        Assert.Equal(output.dtype, targets.dtype);
        Assert.True(targets.sum(1).eq(3).all().item<bool>());
        Assert.Equal([0f, 1f], targets.unique().Item1.data<float>().ToArray());
        Assert.Equal("top three", options.TargetName);
        Assert.EndsWith(", top three", options.Label);

        var perImage = new FtwtOptions { TargetAblation = Ablation.Of<TargetRule>("per image", (o, _) => ones(o.shape[0])) };
        var e = Assert.Throws<ArgumentException>(() => perImage.Targets(output));
        Assert.Contains("'per image'", e.Message);
        Assert.Contains("[32, 24]", e.Message);
    }

    /// <summary>Same shape, type and values.</summary>
    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();
}
