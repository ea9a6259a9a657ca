using System.Text.Json;
using System.Text.RegularExpressions;
using PruneLab.Viz;

namespace PruneLab.Tests.Viz;

/// <summary>Reads back what plotly.js would receive: a figure's {data, layout, config} JSON.</summary>
static class FigureJson
{
    public static JsonElement Of(Figure figure) => JsonDocument.Parse(figure.ToJson()).RootElement;

    /// <summary>The figure a fragment's script hands to Plotly.newPlot.</summary>
    public static JsonElement InFragment(string fragment)
    {
        var match = Regex.Match(fragment, @"var figure = (.*);\r?\n");
        Assert.True(match.Success, "no 'var figure = ...;' line in the fragment");
        return JsonDocument.Parse(match.Groups[1].Value).RootElement;
    }

    public static JsonElement[] Traces(this JsonElement figure) => figure.GetProperty("data").EnumerateArray().ToArray();

    public static JsonElement Layout(this JsonElement figure) => figure.GetProperty("layout");

    public static double[] Doubles(this JsonElement trace, string property) =>
        trace.GetProperty(property).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static string[] Strings(this JsonElement trace, string property) =>
        trace.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static string AxisTitle(this JsonElement layout, string axis) =>
        layout.GetProperty(axis).GetProperty("title").GetProperty("text").GetString()!;
}
