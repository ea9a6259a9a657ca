using PruneLab.Comparison;
using PruneLab.Methods;
using PruneLab.Methods.Ftwt;
using PruneLab.Methods.L1;
using PruneLab.Training;

namespace PruneLab.Tests.Comparison;

public class ComparisonTests
{
    static ComparisonPoint Point(string series, double flops, double accuracy) =>
        new("p", series, $"{series} {flops}", accuracy, flops, flops / 100, null, false, null, null, null, null);

    [Fact]
    public void Should_Keep_Only_Networks_No_Other_Beats_On_Both_Axes()
    {
        var points = new[] { Point("a", 100, 0.92), Point("b", 60, 0.91), Point("c", 70, 0.90), Point("d", 30, 0.85), Point("e", 30, 0.80), Point("f", 60, 0.91) };
        var front = ParetoFront.Of(points);
        Assert.Equal(["d", "b", "f", "a"], front.Select(p => p.Series)); // c is beaten by b; e by d; b and f tie and both stay
    }

    [Fact]
    public void Should_Mark_Every_Claim_Of_A_Missing_Paper_Not_Run()
    {
        using var tmp = new TempRunFolder();
        var c = ResultCollector.Collect("smoke", tmp.Path);
        Assert.Equal(ResultCollector.Papers.Select(p => p.Paper), c.Missing);
        Assert.Empty(c.Points);
        Assert.All(c.Claims, claim => Assert.Equal(Verdict.NotRun, claim.Verdict));
        Assert.Equal(4, c.Claims.Count(x => x.Paper == ResultCollector.Ftwt));
        Assert.True(c.Claims.Select(x => x.Paper).Distinct().Count() == 4, "every paper's claims are listed");
    }

    [Fact]
    public void Should_Read_A_Paper_Summary_And_The_Baseline_Into_Points_Claims_And_A_Report()
    {
        using var tmp = new TempRunFolder();
        var results = tmp.Path;
        Directory.CreateDirectory(Path.Combine(results, "baseline", "smoke"));
        AtomicFile.WriteJson(Path.Combine(results, "baseline", "smoke", "result.json"),
            new BaselineResult("vgg16", "fashion-mnist", 0.25, 1000, 500, 0.90, 0.91, 2, 2, 10, "cpu", "none.ckpt", "none.ckpt"));
        var run = new FtwtResult("r0.9-decoupled", "vgg16", 0.9, FtwtTargets.Mass, FtwtModes.Decoupled, FtwtPooling.Max, 0.90, 0.89, 1000,
            new FtwtEstimate(0.9, FtwtTargets.Mass, 10, 1000, 700, [], 1), 800, 800, 10, [], new GatedLatency(5, 2.0, 1.6, 1.5, 1000, 810, true), [], 12, "x.ckpt");
        new FtwtSummary("smoke", "vgg16", "fashion-mnist", 0.90, 1000, 0.9, [run], []).Save(Path.Combine(results, "ftwt", "smoke"));

        var c = ResultCollector.Collect("smoke", results);
        Assert.Equal([ResultCollector.L1, ResultCollector.Meta, ResultCollector.Rnp], c.Missing);
        var ftwt = Assert.Single(c.Points, p => p.Paper == ResultCollector.Ftwt);
        Assert.Equal(810, ftwt.Flops);             // the predictors' MACs are part of the cost
        Assert.Equal(0.81, ftwt.FlopsRatio, 6);
        Assert.Equal(1.25, ftwt.SpeedupB1!.Value, 6); // 2.0 ms dense / 1.6 ms gated, from the same run
        Assert.Contains(c.Claims, x => x.Paper == ResultCollector.Ftwt && x.Number == 1 && x.Verdict == Verdict.DoesNotHold); // 30% estimated vs 20%

        var notebooks = Path.Combine(results, "notebooks", "smoke");
        Directory.CreateDirectory(notebooks);
        File.WriteAllText(Path.Combine(notebooks, "04-fire-together-wire-together.html"), "<html></html>");
        var report = ComparisonReport.Write(c, results, notebooks, "test machine");
        var html = File.ReadAllText(report);
        Assert.Contains("prunelab-chart", html);
        Assert.Contains("href=\"notebooks/smoke/04-fire-together-wire-together.html\"", html);
        Assert.Contains("r 0.9, decoupled", html);
        Assert.Equal(Path.Combine(results, "report-smoke.html"), report); // never the main (quick) report
        var md = File.ReadAllText(Path.Combine(results, "summary-smoke.md"));
        Assert.Contains("| FTWT | FTWT decoupled | r 0.9, decoupled | 89.00 % |", md);
        Assert.Contains("not run", md);
    }

    [Fact]
    public void Should_Keep_A_Run_On_Its_Own_Backbone_Off_The_Plane_And_Count_Its_Flops_Against_That_Backbone()
    {
        using var tmp = new TempRunFolder();
        var baseline = new BaselineResult("vgg16", "fashion-mnist", 0.25, 1000, 500, 0.90, 0.91, 2, 2, 10, "cpu", "none.ckpt", "none.ckpt");
        Directory.CreateDirectory(Path.Combine(tmp.Path, "baseline", "smoke"));
        AtomicFile.WriteJson(Path.Combine(tmp.Path, "baseline", "smoke", "result.json"), baseline);
        L1PruneResult Run(string model, string plan, long baselineFlops, long flops) => new(model, "fashion-mnist", plan, "L1", "Independent",
            0.9, 0.5, 0.88, 0.89, baselineFlops, flops, 500, 200, 200, 1 - (double)flops / baselineFlops, 0.6, new Dictionary<string, int>(), 5, "none.ckpt");
        Directory.CreateDirectory(Path.Combine(tmp.Path, "l1", "smoke"));
        AtomicFile.WriteJson(Path.Combine(tmp.Path, "l1", "smoke", "summary.json"),
            new L1Summary(baseline, [Run("vgg16", "vgg16-A", 1000, 600), Run("resnet20", "stages=0.6", 2000, 1400)], null, [], []));

        var c = ResultCollector.Collect("smoke", tmp.Path);
        var vgg = Assert.Single(c.Points, p => p.Label.StartsWith("vgg16-A"));
        var resnet = Assert.Single(c.Points, p => p.Label.StartsWith("stages"));
        Assert.True(vgg.SharedBaseline);
        Assert.Equal(0.6, vgg.FlopsRatio, 6);
        Assert.False(resnet.SharedBaseline);
        Assert.Equal(0.7, resnet.FlopsRatio, 6); // 1400 of its own ResNet's 2000, not of the VGG baseline's 1000
        Assert.DoesNotContain(resnet, c.Front);
    }

    [Fact]
    public void Should_Name_A_Corrupt_Summary()
    {
        using var tmp = new TempRunFolder();
        var folder = Path.Combine(tmp.Path, "ftwt", "smoke");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "summary.json"), "{ not json");
        var e = Assert.Throws<InvalidDataException>(() => ResultCollector.Collect("smoke", tmp.Path));
        Assert.Contains(Path.Combine(folder, "summary.json"), e.Message);
    }
}
