using PruneLab.Data;

namespace PruneLab.Tests.Data;

public sealed class StratifiedSamplerTests
{
    [Fact]
    public void Should_Apportion_Exactly_N_By_Largest_Remainder()
    {
        var quotas = StratifiedSampler.Quotas([500, 300, 200], 7);

        Assert.Equal(new[] { 4, 2, 1 }, quotas); // 3.5, 2.1, 1.4 -> floors 3,2,1 plus the largest remainder
    }

    [Fact]
    public void Should_Give_Every_Present_Class_At_Least_One_When_N_Allows()
    {
        var quotas = StratifiedSampler.Quotas([9900, 50, 50, 0], 10);

        Assert.Equal(10, quotas.Sum());
        Assert.Equal(new[] { 8, 1, 1, 0 }, quotas);
    }

    [Fact]
    public void Should_Return_Sorted_Distinct_Indices_Drawn_Within_Each_Class()
    {
        long[] labels = [.. Enumerable.Range(0, 1000).Select(i => (long)(i % 4))];

        var picked = StratifiedSampler.Sample(labels, 4, 100, seed: 3);

        Assert.Equal(picked.Order(), picked);
        Assert.Equal(100, picked.Distinct().Count());
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(25, picked.Count(i => labels[i] == c)));
        Assert.Equal(picked, StratifiedSampler.Sample(labels, 4, 100, seed: 3));
        Assert.NotEqual(picked, StratifiedSampler.Sample(labels, 4, 100, seed: 4));
    }
}
