using PruneLab.Cost;
using PruneLab.Methods;
using PruneLab.Methods.Rnp;
using PruneLab.Models;

namespace PruneLab.Tests.Methods.Rnp;

public class RnpSummaryTests
{
    [Fact]
    public void Should_Find_The_Widest_Uniform_Network_Within_A_Cost()
    {
        var arch = Architecture.Of(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, 0.25));
        long dense = FlopCounter.Count(arch).Flops;
        var (fraction, kept) = StaticCounterpart.UniformAt(arch, dense / 2, innerOnly: false);
        Assert.True(FlopCounter.Flops(arch, kept) <= dense / 2);
        var wider = arch.Sites.Select(s => Math.Max(1, (int)Math.Floor((fraction + 0.002) * s.Channels))).ToArray();
        Assert.True(FlopCounter.Flops(arch, wider) > dense / 2, "a slightly wider uniform network would still fit");
        Assert.InRange(fraction, 0.6, 0.8); // FLOPs fall about with the square of the width

        var resnet = Architecture.Of(ModelCatalog.DefaultSpec("resnet20", 1, 28, 10, 1.0));
        var (_, inner) = StaticCounterpart.UniformAt(resnet, FlopCounter.Count(resnet).Flops * 3 / 4, innerOnly: true);
        Assert.All(resnet.Sites.Where(s => s.IsCoupled), s => Assert.Equal(s.Channels, inner[s.Index])); // stage widths untouched
        Assert.Contains(resnet.Sites, s => !s.IsCoupled && inner[s.Index] < s.Channels);
        Assert.Throws<ArgumentException>(() => StaticCounterpart.UniformAt(arch, 10, innerOnly: false));
    }

    [Fact]
    public void Should_Measure_Whether_Confident_Images_Are_Cheaper()
    {
        // Cost falls as confidence rises; class 1 holds the confident images.
        var record = new RoutingRecord([[1], [1], [1], [1]], [400, 300, 200, 100], [0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1], [0.2, 0.4, 0.6, 0.9], [["a"]]);
        var e = ConfidenceCost.Of(record, 2);
        Assert.Equal(-1, e.Spearman, 6);
        Assert.Equal(100, e.ConfidentQuarterFlops);
        Assert.Equal(400, e.UnsureQuarterFlops);
        Assert.Equal([350.0, 150.0], e.ClassFlops);
    }

    static RnpResult Routed(double p, double accuracy, double flops, double agentOnlyFlops, double speedup = 2, double flopsSpeedup = 2.5) => new(
        RnpMethods.Rnp, "vgg16", p, 0.2, 0.92, accuracy, flops, 1000, 10,
        [new RnpPhase(1, "agent", -1, 0.01, accuracy - 0.05, agentOnlyFlops, 1), new RnpPhase(1, "backbone", null, null, accuracy, flops, 1)],
        [[0.5, 0.5]], new RoutingLatencyResult(10, speedup, 1, 1, 0.9, 1000, 1000 / flopsSpeedup, true), 1, "b", "a");

    static StaticResult Static(double accuracy, long flops) => new(0.7, flops, 1000, 0.5, accuracy, 1);

    [Fact]
    public void Should_Give_Verdicts_From_The_Numbers()
    {
        var good = new RnpSummary("quick", "vgg16", "fashion-mnist", 0.92, 1000, -0.02,
            [new SweepPoint(-0.01, Routed(-0.01, 0.91, 800, 820), Static(0.90, 790)), new SweepPoint(-0.02, Routed(-0.02, 0.89, 500, 520), Static(0.86, 490))],
            new ConfidenceCost(-0.4, 400, 700, [500, 500]), null);
        var claims = good.Claims;
        Assert.Equal(4, claims.Count);
        Assert.All(claims, c => Assert.Equal(Verdict.Holds, c.Verdict));

        var bad = good with
        {
            Sweep = [new SweepPoint(-0.01, Routed(-0.01, 0.85, 800, 500, speedup: 0.9), Static(0.90, 790)), new SweepPoint(-0.02, Routed(-0.02, 0.80, 500, 700, speedup: 0.9), Static(0.86, 490))],
            Easy = new ConfidenceCost(0.3, 700, 400, [500, 500]),
        };
        Assert.All(bad.Claims, c => Assert.Equal(Verdict.DoesNotHold, c.Verdict));
        Assert.Equal(Verdict.NotRun, (good with { Sweep = [], Easy = null }).Claims[0].Verdict);
    }
}
