using PruneLab.Methods.L1;
using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.L1;

public class FilterScoreTests
{
    static PrunableNet RandomVgg(int seed)
    {
        manual_seed(seed);
        return ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, width: 0.125));
    }

    static int[] Halved(PrunableNet model) => model.Sites.Select(s => Math.Max(1, s.Channels / 2)).ToArray();

    /// <summary>The oracle: each filter's sum of |w| read value by value, the largest kept, ties to the lower index.</summary>
    static int[] HandRanked(PrunableNet model, PrunableSite site, int count, bool largestFirst = false)
    {
        var weight = model.Layer(site.Name).named_parameters().First(p => p.name == "weight").parameter;
        var values = weight.detach().cpu().data<float>().ToArray();
        int perFilter = values.Length / site.Channels;
        var norms = Enumerable.Range(0, site.Channels)
            .Select(f => values.Skip(f * perFilter).Take(perFilter).Sum(v => (double)Math.Abs(v))).ToArray();
        var order = largestFirst
            ? Enumerable.Range(0, site.Channels).OrderBy(f => norms[f]).ThenBy(f => f)
            : Enumerable.Range(0, site.Channels).OrderByDescending(f => norms[f]).ThenBy(f => f);
        return order.Take(count).Order().ToArray();
    }

    [Fact]
    public void Should_Keep_The_Filters_Of_A_Hand_Computed_L1_Ranking_In_Every_Layer()
    {
        using var model = RandomVgg(7);
        var counts = Halved(model);
        var byDelegate = FilterRanking.Select(model, counts, FilterScores.L1Norm);
        var byCriterion = FilterRanking.Select(model, counts, RankingCriterion.L1);
        foreach (var site in model.Sites)
        {
            Assert.Equal(HandRanked(model, site, counts[site.Index]), byDelegate.Kept[site.Index]);
            Assert.Equal(byDelegate.Kept[site.Index], byCriterion.Kept[site.Index]);
        }
    }

    [Fact]
    public void Should_Drop_The_Largest_Filters_First_With_The_Negated_Score()
    {
        using var model = RandomVgg(8);
        var counts = Halved(model);
        var kept = FilterRanking.Select(model, counts, RankingCriterion.LargestFirst);
        Assert.All(model.Sites, s => Assert.Equal(HandRanked(model, s, counts[s.Index], largestFirst: true), kept.Kept[s.Index]));
    }

    [Fact]
    public void Should_Rank_By_A_Custom_Score_That_Prefers_The_Smallest_Filters()
    {
        using var model = RandomVgg(9);
        var counts = Halved(model);
        FilterScore smallest = w => w.flatten(1).abs().sum(1).neg();
        var kept = FilterRanking.Select(model, counts, smallest);
        Assert.All(model.Sites, s => Assert.Equal(HandRanked(model, s, counts[s.Index], largestFirst: true), kept.Kept[s.Index]));
        Assert.NotEqual(FilterRanking.Select(model, counts, FilterScores.L1Norm).Kept[0], kept.Kept[0]);
    }

    [Fact]
    public void Should_Rank_By_A_Score_That_Ignores_The_Weights()
    {
        using var model = RandomVgg(10);
        var counts = Halved(model);
        // The filter's position, last highest: the last half of every layer survives, whatever its weights.
        var kept = FilterRanking.Select(model, counts, w => arange(w.shape[0], ScalarType.Float32));
        Assert.All(model.Sites, s => Assert.Equal(Enumerable.Range(s.Channels - counts[s.Index], counts[s.Index]), kept.Kept[s.Index]));
    }

    [Fact]
    public void Should_Refuse_A_Score_Without_One_Finite_Value_Per_Filter()
    {
        using var model = RandomVgg(11);
        var counts = Halved(model);
        var shape = Assert.Throws<ArgumentException>(() => FilterRanking.Select(model, counts, w => w.abs().sum(1)));
        Assert.Contains("one value per filter", shape.Message);
        var nan = Assert.Throws<ArgumentException>(() => FilterRanking.Select(model, counts, w => full(w.shape[0], float.NaN)));
        Assert.Contains("not finite", nan.Message);
    }
}
