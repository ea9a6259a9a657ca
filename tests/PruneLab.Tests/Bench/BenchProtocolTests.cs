using PruneLab.Bench;
using PruneLab.Cost;
using PruneLab.Models;

namespace PruneLab.Tests.Bench;

public class BenchProtocolTests
{
    [Fact]
    public void Should_Give_The_Median_And_Quartiles_By_Linear_Interpolation()
    {
        var s = TimingStats.Of([5.0, 1, 4, 2, 3]);
        Assert.Equal(3, s.Median);
        Assert.Equal(2, s.Q1);
        Assert.Equal(4, s.Q3);
        Assert.Equal(5, s.Samples);
        var even = TimingStats.Of([1.0, 2, 3, 4]);
        Assert.Equal(2.5, even.Median, 12);
        Assert.Equal(1.75, even.Q1, 12);
        Assert.Equal(3.25, even.Q3, 12);
    }

    [Fact]
    public void Should_Pair_Ratios_Pass_By_Pass()
    {
        // A machine that slows down over the run: each pass's ratio is 2, though the medians of the two sides alone are not 2 apart.
        double[] dense = [2, 4, 8, 16, 32], pruned = [1, 2, 4, 8, 16];
        var t = SpeedComparison.Of("x", 1, 1, [dense, pruned], 4);
        Assert.Equal(2, t.Speedup, 12);
        Assert.Equal(2, t.SpeedupQ1, 12);
        Assert.Equal(2, t.SpeedupQ3, 12);
        Assert.Equal(0.5, t.ShareOfFlopsSpeedup, 12);
        Assert.Throws<ArgumentException>(() => TimingStats.Ratio([1.0, 2], [1.0]));
    }

    [Fact]
    public void Should_Bound_The_Batch1_Speedup_By_The_Fixed_Call_Overhead()
    {
        var o = new CallOverhead("x", Ms: 1, DenseMs: 5);
        Assert.Equal(5 / (1 + 4 / 2.0), o.BoundFor(2), 12);
        Assert.Equal(1, new CallOverhead("y", 5, 5).BoundFor(10), 12); // all overhead: pruning cannot help
        Assert.Equal(10, new CallOverhead("z", 0, 5).BoundFor(10), 12); // no overhead: the FLOPs speed-up
    }

    [Fact]
    public void Should_Time_Static_Networks_At_Each_Batch_Beside_Nominal_And_Executed_Flops()
    {
        var dense = ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, width: 0.25);
        var pruned = dense.WithWidths(dense.Widths.Select((w, i) => i % 2 == 0 ? w / 2 : w).ToArray());
        var rows = StaticBenchmark.Measure([new StaticCase("half of every other site", dense, pruned)], [1, 4], peakMacs: 1e12, repeats: 3);
        Assert.Equal([1, 4], rows.Select(r => r.Timing.Batch));
        long denseFlops = FlopCounter.Count(Architecture.Of(dense)).Flops, prunedFlops = FlopCounter.Count(Architecture.Of(pruned)).Flops;
        Assert.All(rows, r =>
        {
            Assert.Equal(3, r.Timing.Passes);
            Assert.Equal((double)denseFlops / prunedFlops, r.Timing.FlopsSpeedup, 9);
            Assert.Equal(denseFlops, r.DenseFlops);
            Assert.True(r.DenseExecutedFlops >= r.DenseFlops && r.PrunedExecutedFlops >= r.PrunedFlops, "padding only adds work");
            Assert.True(r.Timing.DenseMs > 0 && r.Timing.PrunedMs > 0);
            Assert.InRange(r.Timing.Speedup, r.Timing.SpeedupQ1, r.Timing.SpeedupQ3);
            Assert.Equal(prunedFlops * (double)r.Timing.Batch / (r.Timing.PrunedMs / 1000) / 1e12, r.ShareOfPeak, 9);
        });
    }
}
