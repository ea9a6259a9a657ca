using System.Text.RegularExpressions;
using PruneLab.Viz;

namespace PruneLab.Tests.Viz;

public sealed class ChartHtmlTests
{
    static Figure LineOf(string name, params double[] y) =>
        new(Trace.Line(Enumerable.Range(1, y.Length), y, name, ChartStyle.TrainColor));

    static string DivId(string fragment)
    {
        var match = Regex.Match(fragment, "<div id=\"([^\"]+)\"");
        Assert.True(match.Success, "no <div id=...> in the fragment");
        return match.Groups[1].Value;
    }

    [Fact]
    public void Should_Draw_The_Figures_Data_Into_Its_Own_Div_With_Plotly_NewPlot()
    {
        var fragment = ChartHtml.Fragment(LineOf("train", 4.5, 5.5, 6.25));

        var id = DivId(fragment);
        Assert.Contains($"var id = '{id}'", fragment);
        Assert.Contains("Plotly.newPlot(id, figure.data, figure.layout, figure.config)", fragment);
        Assert.Contains("[4.5,5.5,6.25]", fragment);
        var trace = FigureJson.InFragment(fragment).Traces().Single();
        Assert.Equal([4.5, 5.5, 6.25], trace.Doubles("y"));
        Assert.Equal("train", trace.GetProperty("name").GetString());
    }

    [Fact]
    public void Should_Give_Every_Fragment_Its_Own_Id()
    {
        var figure = LineOf("a", 1, 2);

        var first = DivId(ChartHtml.Fragment(figure));
        var second = DivId(ChartHtml.Fragment(figure));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Should_Load_The_Bundled_Plotly_Version_From_The_Cdn_Only_When_The_Page_Has_None()
    {
        var fragment = ChartHtml.Fragment(LineOf("a", 1));

        Assert.Equal("3.7.0", ChartHtml.PlotlyVersion); // what Plotly.Blazor 7.2.0 ships (PruneLab.csproj)
        Assert.Equal("https://cdn.plot.ly/plotly-3.7.0.min.js", ChartHtml.PlotlyCdnUrl);
        Assert.Contains($"url = '{ChartHtml.PlotlyCdnUrl}'", fragment);
        Assert.Contains("if (typeof window.Plotly !== 'undefined') { draw(window.Plotly); return; }", fragment);
        // one shared load per page, however many fragments it holds
        Assert.Contains("if (!window.pruneLabPlotly)", fragment);
        Assert.True(fragment.Length < 20_000, $"fragment of {fragment.Length} chars embeds more than the chart");
    }

    [Fact]
    public void Should_Be_A_Notebook_Output_Fragment_Not_A_Page()
    {
        var fragment = ChartHtml.Fragment(LineOf("a", 1));

        Assert.StartsWith("<div id=", fragment);
        Assert.DoesNotContain("<html", fragment);
        Assert.DoesNotContain("<head", fragment);
        Assert.DoesNotContain("<body", fragment);
        Assert.Equal(1, Regex.Count(fragment, "<script"));
        Assert.Equal(1, Regex.Count(fragment, "</script>"));
    }

    [Fact]
    public void Should_Keep_Figure_Text_From_Closing_The_Script()
    {
        const string name = "</script><!-- <b>x</b>";

        var fragment = ChartHtml.Fragment(LineOf(name, 1));

        Assert.Equal(1, Regex.Count(fragment, "</script>"));
        Assert.DoesNotContain("<!--", fragment);
        Assert.Equal(name, FigureJson.InFragment(fragment).Traces().Single().GetProperty("name").GetString());
    }

    [Fact]
    public void Should_Return_The_Bundled_Minified_PlotlyJs_Once_Read()
    {
        var js = ChartHtml.PlotlyJs();

        Assert.True(js.Length > 1_000_000, $"plotly.js of only {js.Length} chars");
        Assert.Contains($"plotly.js v{ChartHtml.PlotlyVersion}", js[..200]);
        Assert.Same(js, ChartHtml.PlotlyJs());
    }

    [Fact]
    public void Should_Inline_PlotlyJs_Once_In_The_Head_Of_A_Standalone_Page_With_Every_Chart()
    {
        var js = ChartHtml.PlotlyJs();

        var page = ChartHtml.Standalone("Loss & accuracy", LineOf("first", 1.25, 2.5), LineOf("second", 7.75, 8.5));

        Assert.StartsWith("<!DOCTYPE html>", page);
        var at = page.IndexOf(js, StringComparison.Ordinal);
        Assert.True(at > 0, "plotly.js is not inlined");
        Assert.Equal(at, page.LastIndexOf(js, StringComparison.Ordinal));
        Assert.True(at < page.IndexOf("</head>", StringComparison.Ordinal), "plotly.js is not in <head>");
        Assert.Contains("<title>Loss &amp; accuracy</title>", page);
        Assert.Contains("[1.25,2.5]", page);
        Assert.Contains("[7.75,8.5]", page);
        Assert.Equal(2, Regex.Matches(page, "<div id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).Distinct().Count());
    }
}
