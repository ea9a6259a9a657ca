using PruneLab.Methods;
using PruneLab.Methods.Ftwt;

namespace PruneLab.Tests.Methods.Ftwt;

public class FtwtClaimsTests
{
    static FtwtResult Run(double r, string mode, double accuracy, double reduction, double estimated, double measuredSpeedup = 0.8) =>
        new($"r{r}-{mode}", "vgg16", r, FtwtTargets.Mass, mode, FtwtPooling.Max, 0.92, accuracy, 1000,
            new FtwtEstimate(r, FtwtTargets.Mass, 100, 1000, 1000 * (1 - estimated), [], 1), 1000 * (1 - reduction), 1000 * (1 - reduction), 10, [],
            new GatedLatency(10, 2.0, 2.0 / measuredSpeedup, 1.5, 1000, 1000 * (1 - reduction) + 10, true), [], 1, "x");

    [Fact]
    public void Should_Judge_Each_Claim_From_The_Numbers()
    {
        var summary = new FtwtSummary("quick", "vgg16", "fashion-mnist", 0.92, 1000, 0.92,
        [
            Run(1.0, FtwtModes.Decoupled, 0.915, 0.05, 0.06), Run(0.92, FtwtModes.Decoupled, 0.91, 0.30, 0.32), Run(0.85, FtwtModes.Decoupled, 0.90, 0.50, 0.70),
            Run(0.92, FtwtModes.Joint, 0.905, 0.35, 0.32),
        ], [new ReplayLatency("r0.92-decoupled", 1.0, 10, 20, 10, 1000, 400)]);
        var claims = summary.Claims;
        Assert.Equal([1, 2, 3, 4], claims.Select(c => c.Number));
        Assert.Equal("at 3 of 4 runs", claims[0].Verdict);          // r 0.85 is 20 points off
        Assert.Equal(Verdict.Holds, claims[1].Verdict);              // decoupled 91.0 >= joint 90.5 at r 0.92
        Assert.Equal(Verdict.Holds, claims[2].Verdict);              // reduction up, accuracy down as r falls
        Assert.StartsWith("on the wider network only", claims[3].Verdict); // 0.8x on the backbone, 2x replayed
        Assert.Contains("r 0.92", claims[1].Evidence);
        // A few percent is within this machine's drift; the targets' own masks can show what the engine does when masks prune more.
        var marginal = summary with { Replays = [new ReplayLatency("r0.92-decoupled", 1.0, 10, 20, 18.5, 1000, 900)] };
        Assert.Equal(Verdict.DoesNotHold, marginal.Claims[3].Verdict);
        var targets = summary with { Replays = [.. marginal.Replays, new ReplayLatency("targets at r = 0.85", 1.0, 10, 20, 13, 1000, 500)] };
        Assert.StartsWith("only for masks that prune more", targets.Claims[3].Verdict);

        var unordered = summary with { Runs = [Run(1.0, FtwtModes.Decoupled, 0.90, 0.05, 0.05), Run(0.92, FtwtModes.Decoupled, 0.91, 0.02, 0.02), Run(0.85, FtwtModes.Decoupled, 0.89, 0.5, 0.5)] };
        Assert.Equal(Verdict.DoesNotHold, unordered.Claims[2].Verdict);
        Assert.Equal(Verdict.NotRun, unordered.Claims[1].Verdict);   // no joint run
    }
}
