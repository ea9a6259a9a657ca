using PruneLab.Cost;
using PruneLab.Models;
using PruneLab.Viz;

namespace PruneLab.Tests.Viz;

public sealed class CostChartsTests
{
    static CostReport Cost(string model) => FlopCounter.Count(Architecture.Of(ModelCatalog.DefaultSpec(model, 3, 32, 10, 1.0)));

    [Fact]
    public void Should_Draw_One_Bar_Per_Layer_In_Execution_Order_With_Its_Name_MFlops_And_Params()
    {
        var report = Cost("vgg16");

        var figure = FigureJson.Of(CostCharts.FlopsPerLayer(report));

        var bars = figure.Traces().Single();
        Assert.Equal("bar", bars.GetProperty("type").GetString());
        Assert.Equal(report.Layers.Select(l => l.Name), bars.Strings("x"));
        Assert.Equal(report.Layers.Select(l => l.Flops / 1e6), bars.Doubles("y"));
        var custom = bars.GetProperty("customdata").EnumerateArray().ToArray();
        Assert.Equal(report.Layers.Select(l => l.Params), custom.Select(c => c[3].GetInt64()));
        Assert.Contains("parameters", bars.GetProperty("hovertemplate").GetString());
        Assert.Equal(64L * 64 * 9 * 32 * 32 / 1e6, bars.Doubles("y")[1]); // conv2, as FlopCounterTests computes it
        var layout = figure.Layout();
        Assert.Contains("multiply-accumulates", layout.AxisTitle("yaxis"));
        Assert.Contains("313.5 MFLOPs", layout.GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Should_Keep_Layers_With_The_Same_Name_As_Separate_Bars()
    {
        LayerCost Layer(string name, long flops) => new(name, "conv", 8, 8, 3, 4, 4, flops, 10, 0.5);
        var report = new CostReport("toy", 3_000_000, 20, [Layer("conv", 1_000_000), Layer("conv", 2_000_000)]);

        var bars = FigureJson.Of(CostCharts.FlopsPerLayer(report, "toy")).Traces().Single();

        Assert.Equal(2, bars.Strings("x").Distinct().Count());
        Assert.Equal([1.0, 2.0], bars.Doubles("y"));
    }

    [Fact]
    public void Should_Compare_Total_MFlops_And_Params_Per_Model()
    {
        var vgg = Cost("vgg16");
        var resnet = Cost("resnet56");

        var traces = FigureJson.Of(CostCharts.Compare(("VGG-16", vgg), ("ResNet-56", resnet))).Traces();

        Assert.Equal(2, traces.Length);
        Assert.All(traces, t => Assert.Equal(["VGG-16", "ResNet-56"], t.Strings("x")));
        Assert.Equal([vgg.Flops / 1e6, resnet.Flops / 1e6], traces[0].Doubles("y"));
        Assert.Equal([vgg.Params / 1e6, resnet.Params / 1e6], traces[1].Doubles("y"));
        Assert.Equal("x2", traces[1].GetProperty("xaxis").GetString());
    }

    [Fact]
    public void Should_Refuse_To_Compare_Nothing_Or_Two_Models_Of_One_Name()
    {
        var vgg = Cost("vgg16");

        Assert.Throws<ArgumentException>(() => CostCharts.Compare());
        Assert.Throws<ArgumentException>(() => CostCharts.Compare(("a", vgg), ("a", vgg)));
    }
}
