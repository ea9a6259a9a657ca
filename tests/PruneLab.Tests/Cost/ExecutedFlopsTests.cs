using PruneLab.Cost;
using PruneLab.Models;
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
}
