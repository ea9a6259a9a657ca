using PruneLab.Comparison;

namespace PruneLab.Viz;

/// <summary>Every method on one plane: accuracy against FLOPs, the Pareto front, and measured batch-1 speed-ups.</summary>
public static class ComparisonCharts
{
    /// <summary>Accuracy against FLOPs (share of the dense baseline) for every network on the shared baseline; sweeps as lines.</summary>
    public static Figure Plane(MethodComparison c)
    {
        var shared = c.Points.Where(p => p.SharedBaseline).ToArray();
        var figure = new Figure();
        int colour = 0;
        foreach (var series in shared.GroupBy(p => p.Series))
        {
            var pts = series.OrderBy(p => p.FlopsRatio).ToArray();
            var xs = pts.Select(p => 100 * p.FlopsRatio).ToArray();
            var ys = pts.Select(p => 100 * p.Accuracy).ToArray();
            var text = pts.Select(p => p.Label).ToArray();
            figure.Add(pts.Length > 2
                ? Trace.Line(xs, ys, series.Key, ChartStyle.Colour(colour), markers: true, text: text)
                : Trace.Points(xs, ys, series.Key, ChartStyle.Colour(colour), text: text));
            colour++;
        }
        var front = c.Front;
        if (front.Count > 1)
            figure.Add(Trace.Line(front.Select(p => 100 * p.FlopsRatio), front.Select(p => 100 * p.Accuracy), "Pareto front",
                ChartStyle.TextColor, text: front.Select(p => $"{p.Series}: {p.Label}"), dash: "dash"));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("FLOPs per image (% of the dense baseline; dynamic: average, agent or predictors included)")),
            ("yaxis", ChartStyle.Axis("test accuracy (%)")));
        return ChartStyle.Apply(figure, $"All methods on one baseline: {c.Model} on {c.Dataset} ({c.Profile})", 960, 560);
    }

    /// <summary>Measured batch-1 speed-up over the dense network of the same run, beside the FLOPs speed-up.</summary>
    public static Figure Speedups(MethodComparison c)
    {
        var timed = c.Points.Where(p => p.SpeedupB1 is not null && p.Series != ResultCollector.DenseSeries).ToArray();
        var names = timed.Select(p => $"{p.Series}: {p.Label}").ToArray();
        var figure = new Figure(
            Trace.Bars(names, timed.Select(p => p.SpeedupB1!.Value), "measured (batch 1)", ChartStyle.Colour(0)),
            Trace.Bars(names, timed.Select(p => 1 / p.FlopsRatio), "by FLOPs", ChartStyle.Colour(1)));
        figure.WithLayout(
            ("barmode", "group"),
            ("xaxis", ChartStyle.Axis("", ("type", "category"), ("tickangle", -40))),
            ("yaxis", ChartStyle.Axis("speed-up over the dense network (x)")));
        return ChartStyle.Apply(figure, "Wall clock at batch 1 against the FLOPs promise", 1000, 520);
    }
}
