using System.Globalization;
using PruneLab.Cost;

namespace PruneLab.Viz;

/// <summary>Charts of the cost model's output: FLOPs (multiply-accumulates) and parameters.</summary>
public static class CostCharts
{
    /// <summary>
    /// One bar per conv/linear layer in execution order: millions of multiply-accumulates, the layer names on the x
    /// axis; hovering a bar shows its kind, shape, share of the total and parameters.
    /// </summary>
    public static Figure FlopsPerLayer(CostReport report, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var layers = report.Layers;
        var bars = Trace.Bars(UniqueNames(layers), layers.Select(l => l.Flops / 1e6), "FLOPs", ChartStyle.BarColor).With(
            ("customdata", layers.Select(l => new object[] { l.Kind, Shape(l), 100 * l.Share, l.Params })),
            ("hovertemplate", "<b>%{x}</b> (%{customdata[0]}: %{customdata[1]})<br>" +
                              "%{y:.2f} M multiply-accumulates (%{customdata[2]:.1f}% of the model)<br>" +
                              "%{customdata[3]:,} parameters<extra></extra>"));
        var figure = new Figure(bars).WithLayout(
            ("xaxis", ChartStyle.Axis("layer (execution order)", ("type", "category"), ("tickangle", -60))),
            ("yaxis", ChartStyle.Axis("FLOPs (millions of multiply-accumulates)")));
        title ??= string.Create(CultureInfo.InvariantCulture,
            $"{report.Model}: {report.Flops / 1e6:F1} MFLOPs, {report.Params / 1e6:F2} M parameters");
        var width = Math.Clamp(160 + 16 * layers.Count, 640, 1280);
        return ChartStyle.Apply(figure, title, width, height: 480);
    }

    /// <summary>Total MFLOPs (left) and parameters in millions (right), one bar per model, in the given order.</summary>
    public static Figure Compare(params (string Name, CostReport Report)[] models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Length == 0) throw new ArgumentException("Compare needs at least one model.", nameof(models));
        var repeated = models.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new ArgumentException($"Model names must differ: '{repeated.Key}' appears {repeated.Count()} times.", nameof(models));
        var names = models.Select(m => m.Name).ToArray();
        var colors = names.Select((_, i) => ChartStyle.Colour(i)).ToArray();
        Panel Panel(string panelTitle, string yTitle, Func<CostReport, double> value, string format)
        {
            var values = models.Select(m => value(m.Report)).ToArray();
            var bars = Trace.Bars(names, values, yTitle, ChartStyle.BarColor).With(
                ("marker", new { color = colors }), // one colour per model, the same in both panels
                ("text", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture))),
                ("textposition", "outside"), ("cliponaxis", false), // each value above its bar, not cut at the top
                ("showlegend", false)); // the x axis names the models
            // Head room for the value printed above the tallest bar.
            return new Panel(panelTitle, [bars], ChartStyle.Axis("model", ("type", "category")),
                ChartStyle.Axis(yTitle, ("range", new[] { 0, 1.15 * values.Max() })));
        }
        var figure = Subplots.Row(0.25,
            Panel("FLOPs", "FLOPs (millions of multiply-accumulates)", r => r.Flops / 1e6, "F1"),
            Panel("Parameters", "parameters (millions)", r => r.Params / 1e6, "F2"));
        return ChartStyle.Apply(figure, "Cost per model", width: Math.Clamp(400 + 120 * models.Length, 640, 1280), height: 440);
    }

    /// <summary>Layer names as category labels; a repeated name gets its position appended so no two bars merge.</summary>
    static string[] UniqueNames(IReadOnlyList<LayerCost> layers)
    {
        var counts = layers.GroupBy(l => l.Name).ToDictionary(g => g.Key, g => g.Count());
        return layers.Select((l, i) => counts[l.Name] > 1 ? $"{l.Name} #{i}" : l.Name).ToArray();
    }

    static string Shape(LayerCost l) => l.Kind == "linear"
        ? $"{l.InChannels}→{l.OutChannels}"
        : $"{l.InChannels}→{l.OutChannels}, {l.Kernel}x{l.Kernel}, out {l.OutHeight}x{l.OutWidth}";
}
