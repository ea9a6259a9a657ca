using System.Text.Json;
using PruneLab.Viz;

namespace PruneLab.Tests.Viz;

public sealed class SubplotsTests
{
    static Panel PanelOf(string title, string yTitle, params double[] y) =>
        new(title, [Trace.Line(Enumerable.Range(1, y.Length), y, title, "#000000")], ChartStyle.Axis("epoch"), ChartStyle.Axis(yTitle));

    static double[] Domain(JsonElement layout, string axis) => layout.GetProperty(axis).Doubles("domain");

    [Fact]
    public void Should_Draw_Each_Panel_On_Its_Own_Pair_Of_Axes()
    {
        var figure = FigureJson.Of(Subplots.Row(0.2, PanelOf("Loss", "loss", 1, 2), PanelOf("Accuracy", "accuracy", 3), PanelOf("Cost", "FLOPs", 4)));

        var traces = figure.Traces();
        Assert.Equal(["x", "x2", "x3"], traces.Select(t => t.GetProperty("xaxis").GetString()));
        Assert.Equal(["y", "y2", "y3"], traces.Select(t => t.GetProperty("yaxis").GetString()));
        var layout = figure.Layout();
        Assert.Equal(["loss", "accuracy", "FLOPs"], new[] { "yaxis", "yaxis2", "yaxis3" }.Select(a => layout.AxisTitle(a)));
        Assert.Equal("y2", layout.GetProperty("xaxis2").GetProperty("anchor").GetString());
        Assert.Equal("x3", layout.GetProperty("yaxis3").GetProperty("anchor").GetString());
    }

    [Fact]
    public void Should_Fill_The_Width_With_Equal_Panels_A_Gap_Apart()
    {
        var layout = FigureJson.Of(Subplots.Row(0.25, PanelOf("a", "a", 1), PanelOf("b", "b", 1))).Layout();

        var (left, right) = (Domain(layout, "xaxis"), Domain(layout, "xaxis2"));
        Assert.Equal(0, left[0], 9);
        Assert.Equal(1, right[1], 9);
        Assert.Equal(left[1] - left[0], right[1] - right[0], 9);
        Assert.Equal(0.25 * (left[1] - left[0]), right[0] - left[1], 9); // the gap is a share of one panel's width
    }

    [Fact]
    public void Should_Title_Each_Panel_Centred_Above_It()
    {
        var layout = FigureJson.Of(Subplots.Row(0.2, PanelOf("Loss", "loss", 1), PanelOf("Accuracy", "accuracy", 1))).Layout();

        var titles = layout.GetProperty("annotations").EnumerateArray().ToArray();
        Assert.Equal(["Loss", "Accuracy"], titles.Select(t => t.GetProperty("text").GetString()));
        Assert.Equal(Domain(layout, "xaxis").Average(), titles[0].GetProperty("x").GetDouble(), 9);
        Assert.Equal(Domain(layout, "xaxis2").Average(), titles[1].GetProperty("x").GetDouble(), 9);
        Assert.All(titles, t => Assert.Equal("paper", t.GetProperty("xref").GetString()));
    }

    [Fact]
    public void Should_Refuse_An_Empty_Row()
    {
        Assert.Throws<ArgumentException>(() => Subplots.Row(0.2));
    }
}
