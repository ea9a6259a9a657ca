using PruneLab.Methods.L1;
using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.L1;

public class FilterRankingTests
{
    /// <summary>A narrow VGG whose first two convs have hand-set filter norms.</summary>
    static PrunableNet Vgg()
    {
        manual_seed(1);
        var model = ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, width: 0.0625)); // conv1, conv2: 4 filters
        using var _ = no_grad();
        var w1 = ((ConvLayer)model.Layer("conv1")).weight;
        for (int f = 0; f < 4; f++) w1[f].fill_(new[] { 0.3f, 0.1f, 0.4f, 0.2f }[f]);
        // conv2: filter f reads input channel c with magnitude m[f, c]. Channel 1 of conv1 is the one L1 prunes first.
        float[,] m = { { 1, 0, 0, 0 }, { 0, 5, 0, 0 }, { 0, 0, 2, 0 }, { 0.5f, 0, 0, 1 } };
        var w2 = ((ConvLayer)model.Layer("conv2")).weight;
        for (int f = 0; f < 4; f++) for (int c = 0; c < 4; c++) w2[f, c].fill_(m[f, c]);
        return model;
    }

    static int[] Counts(PrunableNet model, int conv1, int conv2) =>
        model.Sites.Select(s => s.Name == "conv1" ? conv1 : s.Name == "conv2" ? conv2 : s.Channels).ToArray();

    [Fact]
    public void Should_Keep_The_Filters_With_The_Largest_L1_Norms()
    {
        using var model = Vgg();
        var kept = FilterRanking.Select(model, Counts(model, 2, 4)).Kept[0];
        Assert.Equal([0, 2], kept);
    }

    [Fact]
    public void Should_Keep_The_Smallest_When_Asked_For_The_Opposite_And_A_Seeded_Choice_At_Random()
    {
        using var model = Vgg();
        Assert.Equal([1, 3], FilterRanking.Select(model, Counts(model, 2, 4), RankingCriterion.LargestFirst).Kept[0]);
        var a = FilterRanking.Select(model, Counts(model, 2, 4), RankingCriterion.Random, seed: 3).Kept[0];
        Assert.Equal(a, FilterRanking.Select(model, Counts(model, 2, 4), RankingCriterion.Random, seed: 3).Kept[0]);
        Assert.Equal(2, a.Length);
    }

    [Fact]
    public void Should_Ignore_Already_Pruned_Inputs_When_Scoring_Greedily()
    {
        using var model = Vgg();
        // conv2 L1 norms over all inputs: [1, 5, 2, 1.5] -> keep {1, 2}. Greedy, with conv1's channel 1 (and 3) gone:
        // [1, 0, 2, 0.5] -> keep {0, 2}.
        Assert.Equal([1, 2], FilterRanking.Select(model, Counts(model, 2, 2), scoring: CrossLayerScoring.Independent).Kept[1]);
        Assert.Equal([0, 2], FilterRanking.Select(model, Counts(model, 2, 2), scoring: CrossLayerScoring.Greedy).Kept[1]);
    }

    [Fact]
    public void Should_Give_Tied_Residual_Sites_The_Same_Filters()
    {
        manual_seed(2);
        using var model = ModelCatalog.Create(ModelCatalog.DefaultSpec("resnet20", 3, 32, 10, 1.0));
        var group = model.Architecture.Coupled(model.Architecture.Site("conv1")).ToList();
        var counts = model.Sites.Select(s => group.Contains(s) ? 12 : s.Channels).ToArray();
        var selection = FilterRanking.Select(model, counts);
        Assert.All(group, s => Assert.Equal(selection.Kept[group[0].Index], selection.Kept[s.Index]));
        Assert.Equal(12, selection.Kept[group[0].Index].Length);
    }
}
