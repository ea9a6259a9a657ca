using System.Text.Json;
using System.Text.Json.Nodes;
using PruneLab.Viz;

namespace PruneLab.Tests.Viz;

public sealed class FigureTests
{
    [Fact]
    public void Should_Write_Data_Layout_And_Config_As_Plotly_Takes_Them()
    {
        var figure = new Figure(Trace.Line(new[] { 1, 2 }, new[] { 0.5, 0.25 }, "loss", "#123456", markers: true))
            .WithLayout(("barmode", "group"))
            .WithConfig(("displayModeBar", false));

        var json = FigureJson.Of(figure);

        var trace = json.Traces().Single();
        Assert.Equal("scatter", trace.GetProperty("type").GetString());
        Assert.Equal("lines+markers", trace.GetProperty("mode").GetString());
        Assert.Equal([1.0, 2.0], trace.Doubles("x"));
        Assert.Equal("#123456", trace.GetProperty("line").GetProperty("color").GetString());
        Assert.Equal("group", json.Layout().GetProperty("barmode").GetString());
        Assert.False(json.GetProperty("config").GetProperty("displayModeBar").GetBoolean());
        Assert.True(json.GetProperty("config").GetProperty("responsive").GetBoolean());
    }

    [Fact]
    public void Should_Write_Numbers_That_Are_Not_Finite_As_Null_So_Plotly_Leaves_A_Gap()
    {
        var figure = new Figure(Trace.Line(new[] { 1, 2, 3 }, new[] { 1.5, double.NaN, double.PositiveInfinity }, "loss", "#000000"));

        var y = FigureJson.Of(figure).Traces().Single().GetProperty("y").EnumerateArray().ToArray();

        Assert.Equal(1.5, y[0].GetDouble());
        Assert.Equal(JsonValueKind.Null, y[1].ValueKind);
        Assert.Equal(JsonValueKind.Null, y[2].ValueKind);
    }

    [Fact]
    public void Should_Copy_A_Trace_That_Already_Belongs_To_Another_Figure()
    {
        var trace = Trace.Bars(new[] { "a" }, new[] { 1.0 }, "bars", "#000000");
        var first = new Figure(trace);

        var second = new Figure(trace);
        trace["name"] = "renamed";

        Assert.Equal("renamed", FigureJson.Of(first).Traces().Single().GetProperty("name").GetString());
        Assert.Equal("bars", FigureJson.Of(second).Traces().Single().GetProperty("name").GetString());
    }

    [Fact]
    public void Should_Describe_Itself_In_Plain_Text_By_Its_Title_Or_Its_Traces()
    {
        var titled = ChartStyle.Apply(new Figure(), "Cost per model", 640, 440);
        var untitled = new Figure(Trace.Image("data:image/png;base64,", "images"), Trace.Image("data:image/png;base64,", "more"));

        Assert.Equal("Figure: Cost per model", titled.ToString());
        Assert.Equal("Cost per model", titled.Title);
        Assert.Equal("Figure with 2 traces", untitled.ToString());
    }

    [Fact]
    public void Should_Give_Its_Html_Fragment()
    {
        var figure = new Figure(Trace.Points(new[] { 1.0 }, new[] { 2.0 }, "point", "#000000"));

        var html = figure.ToHtml();

        Assert.StartsWith("<div id=\"prunelab-chart-", html);
        Assert.Equal(JsonNode.Parse(figure.ToJson())!.ToJsonString(), JsonNode.Parse(FigureJson.InFragment(html).GetRawText())!.ToJsonString());
    }

    [Fact]
    public void Should_Title_Axes_And_The_Figure_With_Title_Objects_As_Plotly_Js_3_Requires()
    {
        var figure = ChartStyle.Apply(new Figure().WithLayout(("xaxis", ChartStyle.Axis("epoch"))), "Loss", 400, 300);

        var layout = FigureJson.Of(figure).Layout();

        Assert.Equal("Loss", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("epoch", layout.AxisTitle("xaxis"));
        Assert.Equal(400, layout.GetProperty("width").GetInt32());
    }
}
