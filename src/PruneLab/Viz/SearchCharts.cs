using PruneLab.Methods.MetaPruning;
using PruneLab.Models;

namespace PruneLab.Viz;

/// <summary>MetaPruning's search and its outcome: fitness per generation, the candidates' cost vs accuracy, widths per layer.</summary>
public static class SearchCharts
{
    /// <summary>Best validation accuracy found so far and the mean of each generation's new candidates.</summary>
    public static Figure Progress(SearchResult search, string? title = null)
    {
        var x = search.Generations.Select(g => (double)g.Generation + 1).ToArray();
        var figure = new Figure(
            Trace.Line(x, search.Generations.Select(g => 100 * (1 - g.BestError)), "best so far", ChartStyle.Colour(0), markers: true),
            Trace.Line(x, search.Generations.Select(g => 100 * (1 - g.MeanError)), "generation mean", ChartStyle.Colour(1), markers: true));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("generation", ("dtick", 1))),
            ("yaxis", ChartStyle.Axis("validation accuracy with PruningNet weights (%)")));
        return ChartStyle.Apply(figure, title ?? "Evolutionary search: fitness per generation", 760, 420);
    }

    /// <summary>Several searches' best validation error so far per generation, one line each (e.g. two mutations at one
    /// budget); lines after the first are dashed, so one that runs along another stays visible.</summary>
    public static Figure Convergence(string? title, params (string Name, SearchResult Search)[] searches)
    {
        var figure = new Figure(searches.Select((s, i) => Trace.Line(s.Search.Generations.Select(g => g.Generation + 1),
            s.Search.Generations.Select(g => 100 * g.BestError), s.Name, ChartStyle.Colour(i), markers: true,
            text: s.Search.Generations.Select(g => $"{g.Evaluated} new, {g.Rejected} draws rejected"), dash: i == 0 ? null : "dash")));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("generation", ("dtick", 1))),
            ("yaxis", ChartStyle.Axis("best validation error so far, PruningNet weights (%)")));
        return ChartStyle.Apply(figure, title ?? "Best error per generation", 760, 420);
    }

    /// <summary>Every evaluated candidate's FLOPs against its fitness, one colour per generation, with the budget line.</summary>
    public static Figure Population(SearchResult search, string? title = null)
    {
        var figure = new Figure(search.Evaluated.GroupBy(c => c.Generation).OrderBy(g => g.Key).Select(g => Trace.Points(
            g.Select(c => c.Flops / 1e6), g.Select(c => 100 * c.Accuracy), $"generation {g.Key + 1}", ChartStyle.Colour(g.Key))));
        double low = search.Evaluated.Min(c => c.Accuracy) * 100, high = search.Evaluated.Max(c => c.Accuracy) * 100;
        figure.Add(Trace.Line([search.Budget / 1e6, search.Budget / 1e6], [low, high], "budget", "#888888", dash: "dash"));
        figure.Add(Trace.Points([search.Best.Flops / 1e6], [100 * search.Best.Accuracy], "best", "#000000", symbol: "star"));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("FLOPs (millions of multiply-accumulates)")),
            ("yaxis", ChartStyle.Axis("validation accuracy with PruningNet weights (%)")));
        return ChartStyle.Apply(figure, title ?? $"All {search.Evaluated.Length} candidates: cost vs fitness", 820, 460);
    }

    /// <summary>Channels per site of several networks of one architecture (dense, searched, uniform...), as grouped bars.</summary>
    public static Figure Widths(Architecture dense, params (string Name, IReadOnlyList<int> Widths)[] networks)
    {
        var sites = dense.Sites.Select(s => s.Name).ToArray();
        var figure = new Figure(networks.Select((n, i) => Trace.Bars(sites, n.Widths, n.Name, ChartStyle.Colour(i))));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("layer (execution order)", ("type", "category"), ("tickangle", -60))),
            ("yaxis", ChartStyle.Axis("output channels")),
            ("barmode", "group"));
        return ChartStyle.Apply(figure, "Channels per layer", Math.Clamp(200 + 30 * sites.Length, 640, 1280), 460);
    }

    /// <summary>Each sampled network's PruningNet accuracy against its accuracy after real training.</summary>
    public static Figure Correlation(CorrelationResult result, string? title = null)
    {
        var figure = new Figure(Trace.Points(result.Samples.Select(s => 100 * s.PruningNetAccuracy), result.Samples.Select(s => 100 * s.TrainedAccuracy),
            "sampled networks", ChartStyle.Colour(0), text: result.Samples.Select(s => $"{s.Flops / 1e6:F2} MFLOPs")));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("validation accuracy with PruningNet weights (%)")),
            ("yaxis", ChartStyle.Axis("test accuracy after short real training (%)")));
        return ChartStyle.Apply(figure, title ?? $"Does PruningNet rank networks? Spearman {result.Spearman:F2}", 640, 460);
    }
}
