using Plotly.NET;
using Plotly.NET.CSharp;
using PruneLab.Methods.L1;
using Chart = Plotly.NET.CSharp.Chart;
using FChart = Plotly.NET.Chart;

namespace PruneLab.Viz;

/// <summary>Li et al.'s Fig. 2 from a <see cref="SensitivityResult"/>: (a) sorted filter norms, (b) accuracy vs prune ratio.</summary>
public static class SensitivityCharts
{
    /// <summary>Each layer's filter L1 norms, largest first, divided by the largest, against the filter's rank (in %).</summary>
    public static GenericChart Norms(SensitivityResult result, string? title = null)
    {
        var lines = result.Sites.Select((s, i) => Chart.Line<double, double, string>(
            s.SortedNormalizedNorms.Select((_, k) => 100.0 * k / Math.Max(1, s.Channels - 1)), s.SortedNormalizedNorms,
            Name: s.Site, LineColor: Color.fromHex(ChartStyle.Palette[i % ChartStyle.Palette.Count])));
        var chart = Chart.Combine(lines);
        chart = FChart.withXAxis(ChartStyle.Axis("filters, sorted by L1 norm (% of the layer)"), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("L1 norm / largest in the layer"), null).Invoke(chart);
        return ChartStyle.Apply(chart, title ?? $"{result.Model}: sorted filter norms per layer", 820, 460);
    }

    /// <summary>Test accuracy after pruning one layer alone at each ratio (no retraining), one line per layer.</summary>
    public static GenericChart Accuracy(SensitivityResult result, string? title = null)
    {
        var ratios = result.Ratios.Select(r => 100 * r).ToArray();
        var lines = result.Sites.Select((s, i) => Chart.Line<double, double, string>(ratios, s.Accuracy.Select(a => 100 * a),
            ShowMarkers: true, Name: s.Site, LineColor: Color.fromHex(ChartStyle.Palette[i % ChartStyle.Palette.Count]),
            MarkerColor: Color.fromHex(ChartStyle.Palette[i % ChartStyle.Palette.Count])));
        var baseline = Chart.Line<double, double, string>([ratios.Min(), ratios.Max()], [100 * result.BaselineAccuracy, 100 * result.BaselineAccuracy],
            Name: "unpruned", LineColor: Color.fromHex("#888888"), LineDash: StyleParam.DrawingStyle.Dash);
        var chart = Chart.Combine(lines.Append(baseline));
        chart = FChart.withXAxis(ChartStyle.Axis("filters pruned away (%)"), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("test accuracy (%)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, title ?? $"{result.Model}: sensitivity to pruning each layer alone ({result.EvaluationImages:N0} held-out images)", 820, 460);
    }
}
