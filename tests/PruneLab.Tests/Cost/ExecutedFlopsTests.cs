using PruneLab.Cost;
using PruneLab.Models;
using PruneLab.Runtime;
using PruneLab.Tests.Runtime;
using static TorchSharp.torch;

namespace PruneLab.Tests.Cost;

public class ExecutedFlopsTests
{
    public static TheoryData<string, int, int, double> Cases()
    {
        var data = new TheoryData<string, int, int, double>();
        foreach (var name in ModelCatalog.Names)
        {
            data.Add(name, 3, 32, 1.0);
            data.Add(name, 1, 28, 0.25);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Agree_With_The_Analytic_Count_Layer_By_Layer(string name, int channels, int size, double width)
    {
        var spec = ModelCatalog.DefaultSpec(name, channels, size, 10, width);
        using var model = ModelCatalog.Create(spec);
        var executed = ExecutedFlops.Measure(model, randn(1, channels, size, size));
        var analytic = FlopCounter.Count(model.Architecture).Layers;
        Assert.Equal(analytic.Select(l => (l.Name, l.Flops)).OrderBy(x => x.Name), executed.OrderBy(x => x.Name));
    }

    [Fact]
    public void Should_Agree_On_A_Network_With_Irregular_Widths()
    {
        var spec = ModelCatalog.DefaultSpec("resnet20");
        var rng = new Random(3);
        var arch = Architecture.Of(spec);
        // Shrink each coupling group to one random width, so residual ties hold.
        var byGroup = arch.Sites.GroupBy(s => s.CouplingGroup).ToDictionary(g => g.Key, g => rng.Next(1, g.First().Channels + 1));
        var widths = arch.Sites.Select(s => byGroup[s.CouplingGroup]).ToArray();
        using var model = ModelCatalog.Create(spec.WithWidths(widths));
        long executed = ExecutedFlops.Measure(model, randn(1, 3, 32, 32)).Sum(x => x.Flops);
        Assert.Equal(FlopCounter.Count(model.Architecture).Flops, executed);
        Assert.Equal(FlopCounter.Count(model.Architecture).Params, model.ParameterCount());
    }

    // A conv whose check failed (injected) runs padded: 24 -> 20 channels as 32 -> 32. Executed counts that; nominal
    // stays the network's own count.
    [Fact]
    public void Should_Count_The_Padded_Channels_The_Guard_Executes()
    {
        using var verdicts = new TemporaryVerdictCache();
        using var model = nn.Sequential(("padded", new ConvLayer(24, 20, 3)), ("plain", new ConvLayer(20, 20, 1)));
        var padded = new ConvGeometry(1, 24, 20, 8, 8, 3, 3, 1, 1, 1);
        var plain = new ConvGeometry(1, 20, 20, 8, 8, 1, 1, 1, 0, 1);
        using var fails = ConvolutionGuard.SetVerdictForTest(padded, forward: false, backward: null);
        using var target = ConvolutionGuard.SetVerdictForTest(padded with { InChannels = 32, OutChannels = 32 }, forward: true, backward: null);
        using var passes = ConvolutionGuard.SetVerdictForTest(plain, forward: true, backward: null);

        var macs = ExecutedFlops.MeasureWithPadding(model, randn(1, 24, 8, 8));

        Assert.Equal([new("padded", 20 * 24 * 9 * 64, 32 * 32 * 9 * 64), new("plain", 20 * 20 * 64, 20 * 20 * 64)], macs.Layers);
        Assert.Equal(20 * 24 * 9 * 64 + 20 * 20 * 64, macs.Nominal);
        Assert.Equal($"nominal {macs.Nominal / 1e6:F2} MMAC, executed {macs.Executed / 1e6:F2} MMAC", macs.ToString());
    }
}
