using PruneLab.Methods;
using PruneLab.Methods.L1;

namespace PruneLab.Tests.Methods.L1;

public class L1ClaimsTests
{
    static L1PruneResult Run(string criterion, double pruned, double retrained, string scoring = "Independent") =>
        new("vgg16", "fashion-mnist", "vgg16-A", criterion, scoring, 0.92, pruned, retrained, retrained,
            100, 66, 100, 40, 38, 0.34, 0.6, new Dictionary<string, int>(), 1, "x");

    static SensitivityResult Sensitivity(double deepAtHalf) => new("vgg16", 0.92, [0.25, 0.5],
        100, Enumerable.Range(1, 13).Select(i => new SiteSensitivity($"conv{i}", "s", 64,
            [0.9, i >= 8 ? deepAtHalf : 0.5], [1.0])).ToList());

    [Fact]
    public void Should_Judge_Each_Claim_From_The_Numbers()
    {
        var claims = L1Claims.Check(0.92, [Run("L1", 0.6, 0.915), Run("Random", 0.4, 0.90), Run("LargestFirst", 0.2, 0.88)], 0.91, Sensitivity(0.90));
        Assert.Equal([1, 2, 3, 4], claims.Select(c => c.Number));
        Assert.All(claims, c => Assert.Equal(Verdict.Holds, c.Verdict));
    }

    [Fact]
    public void Should_Say_When_A_Claim_Does_Not_Hold_Or_Was_Not_Run()
    {
        var claims = L1Claims.Check(0.92, [Run("L1", 0.3, 0.85), Run("Random", 0.4, 0.90)], null, null);
        Assert.Equal(Verdict.DoesNotHold, claims[0].Verdict);   // 7 points below the baseline
        Assert.Equal(Verdict.DoesNotHold, claims[1].Verdict);   // random won
        Assert.Equal(Verdict.NotRun, claims[2].Verdict);
        Assert.Equal(Verdict.NotRun, claims[3].Verdict);
        Assert.Contains("85.00", claims[0].Evidence.Replace(',', '.'));
    }
}
