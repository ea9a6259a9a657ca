using PruneLab.Bench;
using PruneLab.Models;

namespace PruneLab.Tests.Bench;

public class LatencyComparisonTests
{
    [Fact]
    public void Should_Time_Both_Networks_At_Each_Batch_Beside_The_Flops_Speedup()
    {
        using var dense = ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, width: 0.25));
        using var small = ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, width: 0.125));
        var rows = LatencyComparison.Measure(dense, small, [1, 8], minSeconds: 0.05);
        Assert.Equal([1, 8], rows.Select(r => r.Batch));
        var expected = (double)PruneLab.Cost.FlopCounter.Count(dense.Architecture).Flops / PruneLab.Cost.FlopCounter.Count(small.Architecture).Flops;
        Assert.All(rows, r =>
        {
            Assert.Equal(expected, r.FlopsSpeedup, 9);
            Assert.True(r.DenseMs > 0 && r.PrunedMs > 0);
            Assert.Equal(r.DenseMs / r.PrunedMs, r.Speedup, 9);
        });
    }
}
