using Plotly.NET;
using Plotly.NET.CSharp;
using PruneLab.Comparison;
using Chart = Plotly.NET.CSharp.Chart;
using FChart = Plotly.NET.Chart;

namespace PruneLab.Viz;

/// <summary>Every method on one plane: accuracy against FLOPs, the Pareto front, and measured batch-1 speed-ups.</summary>
public static class ComparisonCharts
{
    static Color Colour(int i) => Color.fromHex(ChartStyle.Palette[i % ChartStyle.Palette.Count]);

    /// <summary>Accuracy against FLOPs (share of the dense baseline) for every network on the shared baseline; sweeps as lines.</summary>
    public static GenericChart Plane(MethodComparison c)
    {
        var shared = c.Points.Where(p => p.SharedBaseline).ToArray();
        var traces = new List<GenericChart>();
        int colour = 0;
        foreach (var series in shared.GroupBy(p => p.Series))
        {
            var pts = series.OrderBy(p => p.FlopsRatio).ToArray();
            var xs = pts.Select(p => 100 * p.FlopsRatio).ToArray();
            var ys = pts.Select(p => 100 * p.Accuracy).ToArray();
            var text = pts.Select(p => p.Label).ToArray();
            traces.Add(pts.Length > 2
                ? Chart.Line<double, double, string>(xs, ys, ShowMarkers: true, Name: series.Key, LineColor: Colour(colour), MarkerColor: Colour(colour), MultiText: text)
                : Chart.Point<double, double, string>(xs, ys, Name: series.Key, MarkerColor: Colour(colour), MultiText: text));
            colour++;
        }
        var front = c.Front;
        if (front.Count > 1)
            traces.Add(Chart.Line<double, double, string>(front.Select(p => 100 * p.FlopsRatio), front.Select(p => 100 * p.Accuracy),
                Name: "Pareto front", LineColor: Color.fromHex(ChartStyle.TextColor), LineDash: StyleParam.DrawingStyle.Dash,
                MultiText: front.Select(p => $"{p.Series}: {p.Label}").ToArray()));
        var chart = Chart.Combine(traces);
        chart = FChart.withXAxis(ChartStyle.Axis("FLOPs per image (% of the dense baseline; dynamic: average, agent or predictors included)"), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("test accuracy (%)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, $"All methods on one baseline: {c.Model} on {c.Dataset} ({c.Profile})", 960, 560);
    }

    /// <summary>Measured batch-1 speed-up over the dense network of the same run, beside the FLOPs speed-up.</summary>
    public static GenericChart Speedups(MethodComparison c)
    {
        var timed = c.Points.Where(p => p.SpeedupB1 is not null && p.Series != ResultCollector.DenseSeries).ToArray();
        var names = timed.Select(p => $"{p.Series}: {p.Label}").ToArray();
        var chart = Chart.Combine([
            Chart.Column<double, string, string>(timed.Select(p => p.SpeedupB1!.Value), Keys: names, Name: "measured (batch 1)", MarkerColor: Colour(0)),
            Chart.Column<double, string, string>(timed.Select(p => 1 / p.FlopsRatio), Keys: names, Name: "by FLOPs", MarkerColor: Colour(1)),
        ]);
        chart = GenericChart.addLayout(ChartStyle.With(new Layout(), ("barmode", "group")), chart);
        chart = FChart.withXAxis(ChartStyle.Axis("", ("type", "category"), ("tickangle", -40)), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("speed-up over the dense network (x)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, "Wall clock at batch 1 against the FLOPs promise", 1000, 520);
    }
}
