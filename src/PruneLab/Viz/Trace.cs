using System.Text.Json.Nodes;

namespace PruneLab.Viz;

/// <summary>
/// The plotly.js traces PruneLab's charts draw, as JSON objects (https://plotly.com/javascript/reference/). Further
/// properties go on with <see cref="PlotlyJson.With"/>.
/// </summary>
public static class Trace
{
    /// <summary>A line through the points, with a marker on each when <paramref name="markers"/> is set.</summary>
    public static JsonObject Line<TX>(IEnumerable<TX> x, IEnumerable<double> y, string name, string color,
        bool markers = false, IEnumerable<string>? text = null, string? dash = null)
    {
        var trace = Scatter(x, y, name, markers ? "lines+markers" : "lines", text);
        trace["line"] = dash is null ? new JsonObject { ["color"] = color } : new JsonObject { ["color"] = color, ["dash"] = dash };
        if (markers) trace["marker"] = new JsonObject { ["color"] = color };
        return trace;
    }

    /// <summary>Markers only; <paramref name="text"/> shows on hover, <paramref name="symbol"/> is a plotly.js marker symbol.</summary>
    public static JsonObject Points<TX>(IEnumerable<TX> x, IEnumerable<double> y, string name, string color,
        IEnumerable<string>? text = null, string? symbol = null)
    {
        var marker = new JsonObject { ["color"] = color };
        if (symbol is not null) marker["symbol"] = symbol;
        return Scatter(x, y, name, "markers", text).With(("marker", marker));
    }

    /// <summary>Vertical bars, one per x value.</summary>
    public static JsonObject Bars<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, string name, string color) =>
        new JsonObject { ["type"] = "bar", ["name"] = name }
            .With(("x", x), ("y", y), ("marker", new JsonObject { ["color"] = color }));

    /// <summary>A heatmap of <paramref name="z"/> (rows along y), coloured by a named plotly.js colour scale.</summary>
    public static JsonObject Heatmap(IEnumerable<IEnumerable<double>> z, IEnumerable<string> x, IEnumerable<string> y,
        string name, string colorscale) =>
        new JsonObject { ["type"] = "heatmap", ["name"] = name, ["colorscale"] = colorscale }.With(("x", x), ("y", y), ("z", z));

    /// <summary>An image drawn from a data URI (e.g. a PNG), one image pixel per x and y unit.</summary>
    public static JsonObject Image(string source, string name) =>
        new() { ["type"] = "image", ["name"] = name, ["source"] = source };

    static JsonObject Scatter<TX>(IEnumerable<TX> x, IEnumerable<double> y, string name, string mode, IEnumerable<string>? text)
    {
        var trace = new JsonObject { ["type"] = "scatter", ["name"] = name, ["mode"] = mode }.With(("x", x), ("y", y));
        if (text is not null) trace.With(("text", text));
        return trace;
    }
}
