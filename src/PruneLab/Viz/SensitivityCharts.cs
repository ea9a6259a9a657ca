using PruneLab.Methods.L1;

namespace PruneLab.Viz;

/// <summary>Li et al.'s Fig. 2 from a <see cref="SensitivityResult"/>: (a) sorted filter norms, (b) accuracy vs prune ratio.</summary>
public static class SensitivityCharts
{
    /// <summary>Each layer's filter L1 norms, largest first, divided by the largest, against the filter's rank (in %).</summary>
    public static Figure Norms(SensitivityResult result, string? title = null)
    {
        var figure = new Figure(result.Sites.Select((s, i) => Trace.Line(
            s.SortedNormalizedNorms.Select((_, k) => 100.0 * k / Math.Max(1, s.Channels - 1)), s.SortedNormalizedNorms,
            s.Site, ChartStyle.Colour(i))));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("filters, sorted by L1 norm (% of the layer)")),
            ("yaxis", ChartStyle.Axis("L1 norm / largest in the layer")));
        return ChartStyle.Apply(figure, title ?? $"{result.Model}: sorted filter norms per layer", 820, 460);
    }

    /// <summary>Test accuracy after pruning one layer alone at each ratio (no retraining), one line per layer.</summary>
    public static Figure Accuracy(SensitivityResult result, string? title = null)
    {
        var ratios = result.Ratios.Select(r => 100 * r).ToArray();
        var figure = new Figure(result.Sites.Select((s, i) =>
            Trace.Line(ratios, s.Accuracy.Select(a => 100 * a), s.Site, ChartStyle.Colour(i), markers: true)));
        figure.Add(Trace.Line([ratios.Min(), ratios.Max()], [100 * result.BaselineAccuracy, 100 * result.BaselineAccuracy],
            "unpruned", "#888888", dash: "dash"));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("filters pruned away (%)")),
            ("yaxis", ChartStyle.Axis("test accuracy (%)")));
        return ChartStyle.Apply(figure, title ?? $"{result.Model}: sensitivity to pruning each layer alone ({result.EvaluationImages:N0} held-out images)", 820, 460);
    }
}
