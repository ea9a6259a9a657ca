using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using PruneLab.Viz;
using Chart = Plotly.NET.CSharp.Chart;

namespace PruneLab.Tests.Viz;

public sealed class ChartFormatterTests
{
    static readonly GenericChart Chart1 = Chart.Column<double, string, string>([3.5, 9.25], Keys: new[] { "a", "b" });

    static string WithoutIds(string html) => Regex.Replace(html, "prunelab-chart-[0-9a-f]{32}", "ID");

    [Fact]
    public void Should_Display_A_Chart_As_Its_Fragment_Once_Registered()
    {
        ChartFormatter.Register();

        var html = Chart1.ToDisplayString(ChartFormatter.HtmlMimeType);

        Assert.Equal(WithoutIds(ChartHtml.Fragment(Chart1)), WithoutIds(html));
        Assert.Equal([3.5, 9.25], FigureJson.InFragment(html).Traces().Single().Doubles("y"));
    }

    [Fact]
    public void Should_Register_Once_However_Often_It_Is_Called()
    {
        ChartFormatter.Register();
        ChartFormatter.Register();

        var ours = Formatter.RegisteredFormatters(false)
            .Count(f => f.Type == typeof(GenericChart) && f.MimeType == ChartFormatter.HtmlMimeType);
        Assert.Equal(1, ours);
        Assert.True(ChartFormatter.IsRegistered);
    }

    [Fact]
    public void Should_Register_Again_After_The_Formatters_Were_Reset()
    {
        ChartFormatter.Register();
        Formatter.ResetToDefault();
        Assert.False(ChartFormatter.IsRegistered);

        ChartFormatter.Register();

        Assert.True(ChartFormatter.IsRegistered);
        Assert.Contains("Plotly.newPlot", Chart1.ToDisplayString(ChartFormatter.HtmlMimeType));
    }

    [Fact]
    public void Should_Give_Html_For_Charts_And_For_Other_Values()
    {
        var chart = ChartFormatter.ToHtml(Chart1);
        var other = ChartFormatter.ToHtml(new { Answer = 42 });

        Assert.Equal(WithoutIds(ChartHtml.Fragment(Chart1)), WithoutIds(chart));
        Assert.Equal(new { Answer = 42 }.ToDisplayString(ChartFormatter.HtmlMimeType), other);
        Assert.Contains("42", other);
        Assert.DoesNotContain("Plotly", other);
    }
}
