using Plotly.NET;
using Plotly.NET.CSharp;
using PruneLab.Methods.MetaPruning;
using PruneLab.Models;
using Chart = Plotly.NET.CSharp.Chart;
using FChart = Plotly.NET.Chart;

namespace PruneLab.Viz;

/// <summary>MetaPruning's search and its outcome: fitness per generation, the candidates' cost vs accuracy, widths per layer.</summary>
public static class SearchCharts
{
    /// <summary>Best validation accuracy found so far and the mean of each generation's new candidates.</summary>
    public static GenericChart Progress(SearchResult search, string? title = null)
    {
        var x = search.Generations.Select(g => (double)g.Generation + 1).ToArray();
        var chart = Chart.Combine([
            Line(x, search.Generations.Select(g => 100 * (1 - g.BestError)), "best so far", 0),
            Line(x, search.Generations.Select(g => 100 * (1 - g.MeanError)), "generation mean", 1),
        ]);
        chart = FChart.withXAxis(ChartStyle.Axis("generation", ("dtick", 1)), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("validation accuracy with PruningNet weights (%)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, title ?? "Evolutionary search: fitness per generation", 760, 420);
    }

    /// <summary>Every evaluated candidate's FLOPs against its fitness, one colour per generation, with the budget line.</summary>
    public static GenericChart Population(SearchResult search, string? title = null)
    {
        var byGeneration = search.Evaluated.GroupBy(c => c.Generation).OrderBy(g => g.Key).Select(g => Chart.Point<double, double, string>(
            g.Select(c => c.Flops / 1e6), g.Select(c => 100 * c.Accuracy), Name: $"generation {g.Key + 1}",
            MarkerColor: Color.fromHex(ChartStyle.Palette[g.Key % ChartStyle.Palette.Count])));
        double low = search.Evaluated.Min(c => c.Accuracy) * 100, high = search.Evaluated.Max(c => c.Accuracy) * 100;
        var budget = Chart.Line<double, double, string>([search.Budget / 1e6, search.Budget / 1e6], [low, high], Name: "budget",
            LineColor: Color.fromHex("#888888"), LineDash: StyleParam.DrawingStyle.Dash);
        var best = Chart.Point<double, double, string>([search.Best.Flops / 1e6], [100 * search.Best.Accuracy], Name: "best",
            MarkerColor: Color.fromHex("#000000"), MarkerSymbol: StyleParam.MarkerSymbol.Star);
        var chart = Chart.Combine(byGeneration.Append(budget).Append(best));
        chart = FChart.withXAxis(ChartStyle.Axis("FLOPs (millions of multiply-accumulates)"), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("validation accuracy with PruningNet weights (%)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, title ?? $"All {search.Evaluated.Length} candidates: cost vs fitness", 820, 460);
    }

    /// <summary>Channels per site of several networks of one architecture (dense, searched, uniform...), as grouped bars.</summary>
    public static GenericChart Widths(Architecture dense, params (string Name, IReadOnlyList<int> Widths)[] networks)
    {
        var sites = dense.Sites.Select(s => s.Name).ToArray();
        var bars = networks.Select((n, i) => Chart.Column<int, string, string>(n.Widths, Keys: sites, Name: n.Name,
            MarkerColor: Color.fromHex(ChartStyle.Palette[i % ChartStyle.Palette.Count])));
        var chart = Chart.Combine(bars);
        chart = FChart.withXAxis(ChartStyle.Axis("layer (execution order)", ("type", "category"), ("tickangle", -60)), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("output channels"), null).Invoke(chart);
        chart = GenericChart.addLayout(ChartStyle.With(new Layout(), ("barmode", "group")), chart);
        return ChartStyle.Apply(chart, "Channels per layer", Math.Clamp(200 + 30 * sites.Length, 640, 1280), 460);
    }

    /// <summary>Each sampled network's PruningNet accuracy against its accuracy after real training.</summary>
    public static GenericChart Correlation(CorrelationResult result, string? title = null)
    {
        var points = Chart.Point<double, double, string>(result.Samples.Select(s => 100 * s.PruningNetAccuracy), result.Samples.Select(s => 100 * s.TrainedAccuracy),
            Name: "sampled networks", MarkerColor: Color.fromHex(ChartStyle.Palette[0]),
            MultiText: result.Samples.Select(s => $"{s.Flops / 1e6:F2} MFLOPs").ToArray());
        var chart = FChart.withXAxis(ChartStyle.Axis("validation accuracy with PruningNet weights (%)"), null).Invoke(points);
        chart = FChart.withYAxis(ChartStyle.Axis("test accuracy after short real training (%)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, title ?? $"Does PruningNet rank networks? Spearman {result.Spearman:F2}", 640, 460);
    }

    static GenericChart Line(double[] x, IEnumerable<double> y, string name, int colour) =>
        Chart.Line<double, double, string>(x, y, ShowMarkers: true, Name: name,
            LineColor: Color.fromHex(ChartStyle.Palette[colour]), MarkerColor: Color.fromHex(ChartStyle.Palette[colour]));
}
