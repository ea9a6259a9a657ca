using System.Text.Json.Nodes;

namespace PruneLab.Viz;

/// <summary>
/// The look shared by every PruneLab chart: a small light template, one colour per series kind, the figure's title,
/// size and margins, and titled axes.
/// </summary>
public static class ChartStyle
{
    public const string FontFamily = "Segoe UI, Helvetica Neue, Arial, sans-serif";
    public const string TrainColor = "#1f77b4";
    public const string TestColor = "#d62728";
    public const string ValidationColor = "#2ca02c";
    public const string BarColor = "#4c78a8";
    public const string WrongColor = "#d62728";
    public const string TextColor = "#2a2a2a";

    /// <summary>Colours for one series or bar per model, cycled.</summary>
    public static readonly IReadOnlyList<string> Palette =
        ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d"];

    /// <summary>The palette's colour for series <paramref name="i"/>, cycling.</summary>
    public static string Colour(int i) => Palette[i % Palette.Count];

    /// <summary>A fresh copy of the template (plotly.js templates apply to every x/y axis, subplots included).</summary>
    public static JsonObject NewTemplate()
    {
        var axis = new
        {
            showgrid = true, gridcolor = "#e6e6e6", showline = true, linecolor = "#9a9a9a",
            ticks = "outside", tickcolor = "#9a9a9a", zeroline = false, automargin = true,
        };
        var layout = new JsonObject().With(
            ("font", new { family = FontFamily, size = 13, color = TextColor }),
            ("paper_bgcolor", "white"),
            ("plot_bgcolor", "white"),
            ("colorway", Palette),
            ("title", new { x = 0.02, xanchor = "left", font = new { size = 16 } }),
            ("hoverlabel", new { align = "left" }),
            ("hovermode", "closest"),
            ("xaxis", axis),
            ("yaxis", axis));
        return new JsonObject { ["layout"] = layout };
    }

    /// <summary>Applies the template, a title, a fixed size and the default margins.</summary>
    public static Figure Apply(Figure figure, string? title, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(figure);
        figure.WithLayout(
            ("template", NewTemplate()),
            ("width", width),
            ("height", height),
            ("margin", new { l = 70, r = 20, t = title is null ? 30 : 70, b = 60 }));
        if (title is not null) figure.WithLayout(("title", new { text = title }));
        return figure;
    }

    /// <summary>An axis with a title (give units) and any further plotly.js axis properties.</summary>
    public static JsonObject Axis(string title, params (string Key, object? Value)[] properties) =>
        new JsonObject { ["title"] = new JsonObject { ["text"] = title } }.With(properties);
}
