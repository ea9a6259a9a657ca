using Plotly.NET;
using Plotly.NET.LayoutObjects;
using FChart = Plotly.NET.Chart;

namespace PruneLab.Viz;

/// <summary>
/// The look shared by every PruneLab chart: a small light template (instead of Plotly.NET's 9 KB default), one colour
/// per series kind, and builders for layout objects. Plotly.NET's F# constructors take dozens of non-optional
/// <c>FSharpOption</c> arguments when called from C#, so layout pieces are built here as named plotly.js properties.
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

    /// <summary>Colours for one bar per model, cycled.</summary>
    public static readonly IReadOnlyList<string> Palette =
        ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d"];

    /// <summary>A fresh copy of the template (plotly.js templates apply to every x/y axis, subplots included).</summary>
    public static Template NewTemplate()
    {
        var axis = new
        {
            showgrid = true, gridcolor = "#e6e6e6", showline = true, linecolor = "#9a9a9a",
            ticks = "outside", tickcolor = "#9a9a9a", zeroline = false, automargin = true,
        };
        var layout = With(new Layout(),
            ("font", new { family = FontFamily, size = 13, color = TextColor }),
            ("paper_bgcolor", "white"),
            ("plot_bgcolor", "white"),
            ("colorway", Palette),
            ("title", new { x = 0.02, xanchor = "left", font = new { size = 16 } }),
            ("hoverlabel", new { align = "left" }),
            ("hovermode", "closest"),
            ("xaxis", axis),
            ("yaxis", axis));
        return Template.init<Trace>(layout, null);
    }

    /// <summary>Applies the template, a title, a fixed size and the default margins.</summary>
    public static GenericChart Apply(GenericChart chart, string? title, int width, int height)
    {
        chart = FChart.withTemplate(NewTemplate()).Invoke(chart);
        chart = FChart.withSize((double)width, (double)height).Invoke(chart);
        var patch = With(new Layout(), ("margin", new { l = 70, r = 20, t = title is null ? 30 : 70, b = 60 }));
        if (title is not null) patch.SetProperty("title", new { text = title });
        return GenericChart.addLayout(patch, chart);
    }

    /// <summary>A linear axis with a title (give units) and any further plotly.js axis properties.</summary>
    public static LinearAxis Axis(string title, params (string Key, object Value)[] properties) =>
        With(With(new LinearAxis(), ("title", new { text = title })), properties);

    /// <summary>Sets plotly.js properties on a Plotly.NET object (layout, axis, annotation, shape, trace).</summary>
    public static T With<T>(T target, params (string Key, object Value)[] properties) where T : DynamicObj.DynamicObj
    {
        foreach (var (key, value) in properties) target.SetProperty(key, value);
        return target;
    }

    /// <summary>Sets plotly.js properties on every trace of the chart.</summary>
    public static GenericChart WithTraceProperties(GenericChart chart, params (string Key, object Value)[] properties) =>
        GenericChart.mapTrace(Microsoft.FSharp.Core.FuncConvert.FromFunc<Trace, Trace>(t => With(t, properties)), chart);
}
