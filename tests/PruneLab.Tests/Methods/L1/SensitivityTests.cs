using PruneLab.Methods.L1;
using PruneLab.Models;
using PruneLab.Pruning;
using PruneLab.Tests.Training;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.L1;

public class SensitivityTests(FashionMnistFixture data) : IClassFixture<FashionMnistFixture>
{
    [Fact]
    public void Should_Test_Each_Layer_Pruned_Alone_At_Each_Ratio_And_Sort_Its_Norms()
    {
        manual_seed(5);
        using var model = ModelCatalog.Create(ModelCatalog.DefaultSpec("resnet20", 1, 28, 10, width: 0.5));
        using var heldOut = data.Splits.Test.StratifiedSample(200, 1);
        double[] ratios = [0.25, 0.75];
        var result = Sensitivity.Analyze(model, heldOut, ratios);

        // One row per independently prunable group: the stem group (tied to every stage-1 conv2) plus 9 block conv1s
        // plus the stage-2 and stage-3 groups.
        Assert.Equal(model.Sites.Select(s => s.CouplingGroup).Distinct().Count(), result.Sites.Count);
        var row = result.Sites.Single(s => s.Site == "layer2.1.conv1");
        Assert.All(result.Sites, s => Assert.Equal(1.0, s.SortedNormalizedNorms[0], 12));
        Assert.All(result.Sites, s => Assert.True(s.SortedNormalizedNorms.Zip(s.SortedNormalizedNorms.Skip(1)).All(p => p.First >= p.Second)));

        // The 75% entry is exactly the accuracy of that layer pruned by L1 to a quarter, by surgery.
        var site = model.Architecture.Site("layer2.1.conv1");
        var counts = model.Sites.Select(s => s == site ? site.Channels / 4 : s.Channels).ToArray();
        using var pruned = Surgery.Prune(model, FilterRanking.Select(model, counts));
        Assert.Equal(Evaluator.Evaluate(pruned, heldOut, CPU).Accuracy, row.Accuracy[1]);
    }

    [Fact]
    public void Should_Refuse_Ratios_Outside_0_And_1()
    {
        using var model = ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, width: 0.125));
        var e = Assert.Throws<ArgumentException>(() => Sensitivity.Analyze(model, data.SmallTest, [0.5, 1.0]));
        Assert.Contains("--ratios", e.Message);
    }
}
