using System.Globalization;
using Plotly.NET;
using Plotly.NET.CSharp;
using PruneLab.Cost;
using Chart = Plotly.NET.CSharp.Chart;
using FChart = Plotly.NET.Chart;

namespace PruneLab.Viz;

/// <summary>Charts of the cost model's output: FLOPs (multiply-accumulates) and parameters.</summary>
public static class CostCharts
{
    /// <summary>
    /// One bar per conv/linear layer in execution order: millions of multiply-accumulates, the layer names on the x
    /// axis; hovering a bar shows its kind, shape, share of the total and parameters.
    /// </summary>
    public static GenericChart FlopsPerLayer(CostReport report, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var layers = report.Layers;
        var bars = Chart.Column<double, string, string>(layers.Select(l => l.Flops / 1e6), Keys: UniqueNames(layers),
            Name: "FLOPs", MarkerColor: Color.fromHex(ChartStyle.BarColor));
        bars = ChartStyle.WithTraceProperties(bars,
            ("customdata", layers.Select(l => new object[] { l.Kind, Shape(l), 100 * l.Share, l.Params }).ToArray()),
            ("hovertemplate", "<b>%{x}</b> (%{customdata[0]}: %{customdata[1]})<br>" +
                              "%{y:.2f} M multiply-accumulates (%{customdata[2]:.1f}% of the model)<br>" +
                              "%{customdata[3]:,} parameters<extra></extra>"));
        bars = FChart.withXAxis(ChartStyle.Axis("layer (execution order)", ("type", "category"), ("tickangle", -60)), null).Invoke(bars);
        bars = FChart.withYAxis(ChartStyle.Axis("FLOPs (millions of multiply-accumulates)"), null).Invoke(bars);
        title ??= string.Create(CultureInfo.InvariantCulture,
            $"{report.Model}: {report.Flops / 1e6:F1} MFLOPs, {report.Params / 1e6:F2} M parameters");
        var width = Math.Clamp(160 + 16 * layers.Count, 640, 1280);
        return ChartStyle.Apply(bars, title, width, height: 480);
    }

    /// <summary>Total MFLOPs (left) and parameters in millions (right), one bar per model, in the given order.</summary>
    public static GenericChart Compare(params (string Name, CostReport Report)[] models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Length == 0) throw new ArgumentException("Compare needs at least one model.", nameof(models));
        var repeated = models.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new ArgumentException($"Model names must differ: '{repeated.Key}' appears {repeated.Count()} times.", nameof(models));
        var names = models.Select(m => m.Name).ToArray();
        var colors = Color.fromColors(names.Select((_, i) => Color.fromHex(ChartStyle.Palette[i % ChartStyle.Palette.Count])));
        GenericChart Panel(string yTitle, Func<CostReport, double> value, string format)
        {
            var values = models.Select(m => value(m.Report)).ToArray();
            var bars = Chart.Column<double, string, string>(values, Keys: names, Name: yTitle, MarkerColor: colors,
                MultiText: values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)).ToArray(), TextPosition: StyleParam.TextPosition.Outside);
            bars = FChart.withXAxis(ChartStyle.Axis("model", ("type", "category")), null).Invoke(bars);
            // Head room for the value printed above the tallest bar.
            return FChart.withYAxis(ChartStyle.Axis(yTitle, ("range", new[] { 0, 1.15 * values.Max() })), null).Invoke(bars);
        }
        var grid = Chart.Grid(
            [Panel("FLOPs (millions of multiply-accumulates)", r => r.Flops / 1e6, "F1"), Panel("parameters (millions)", r => r.Params / 1e6, "F2")],
            1, 2, SubPlotTitles: new[] { "FLOPs", "Parameters" }, XGap: 0.25);
        grid = ChartStyle.WithTraceProperties(grid, ("showlegend", false), ("cliponaxis", false));
        return ChartStyle.Apply(grid, "Cost per model", width: Math.Clamp(400 + 120 * models.Length, 640, 1280), height: 440);
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
