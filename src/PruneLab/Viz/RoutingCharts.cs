using Plotly.NET;
using Plotly.NET.CSharp;
using PruneLab.Data;
using PruneLab.Methods.Rnp;
using Chart = Plotly.NET.CSharp.Chart;
using FChart = Plotly.NET.Chart;

namespace PruneLab.Viz;

/// <summary>Runtime routing made visible: the agent's training, which actions each layer takes, which images are cheap, the sweep.</summary>
public static class RoutingCharts
{
    static Color Colour(int i) => Color.fromHex(ChartStyle.Palette[i % ChartStyle.Palette.Count]);

    /// <summary>Mean episode reward and Q-loss per batch of episodes over every agent phase (rounds one after another).</summary>
    public static GenericChart AgentTraining(IReadOnlyList<RnpPhase> phases, string? title = null)
    {
        var agent = phases.Where(p => p.BatchRewards is not null).ToArray();
        var rewards = agent.SelectMany(p => p.BatchRewards!).ToArray();
        var losses = agent.SelectMany(p => p.BatchQLoss!).ToArray();
        var x = Enumerable.Range(1, rewards.Length).Select(i => (double)i).ToArray();
        var reward = Chart.Line<double, double, string>(x, rewards, Name: "mean episode reward", LineColor: Colour(0));
        var loss = Chart.Line<double, double, string>(x, losses, Name: "Q-loss (smooth L1)", LineColor: Colour(1));
        loss = ChartStyle.WithTraceProperties(loss, ("yaxis", "y2"));
        var chart = Chart.Combine([reward, loss]);
        chart = FChart.withXAxis(ChartStyle.Axis("batch of episodes (agent phases of all rounds, in order)"), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("reward"), null).Invoke(chart);
        var layout = ChartStyle.With(new Layout(), ("yaxis2", new { title = new { text = "Q-loss" }, overlaying = "y", side = "right", showgrid = false }));
        chart = GenericChart.addLayout(layout, chart);
        return ChartStyle.Apply(chart, title ?? "Agent training: reward and Q-loss", 820, 420);
    }

    /// <summary>Test accuracy and average FLOPs (share of dense) after every phase of the alternation.</summary>
    public static GenericChart Alternation(IReadOnlyList<RnpPhase> phases, double baselineAccuracy, long denseFlops, string? title = null)
    {
        var labels = new[] { "start" }.Concat(phases.Select(p => $"r{p.Round} {p.Phase}")).ToArray();
        var accuracy = new[] { 100 * baselineAccuracy }.Concat(phases.Select(p => 100 * p.Accuracy)).ToArray();
        var flops = new[] { 100.0 }.Concat(phases.Select(p => 100 * p.MeanFlops / denseFlops)).ToArray();
        var a = Chart.Line<string, double, string>(labels, accuracy, ShowMarkers: true, Name: "test accuracy (%)", LineColor: Colour(0), MarkerColor: Colour(0));
        var f = Chart.Line<string, double, string>(labels, flops, ShowMarkers: true, Name: "average FLOPs (% of dense)", LineColor: Colour(2), MarkerColor: Colour(2));
        var chart = Chart.Combine([a, f]);
        chart = FChart.withXAxis(ChartStyle.Axis("phase", ("type", "category")), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("%"), null).Invoke(chart);
        return ChartStyle.Apply(chart, title ?? "Alternation: agent phases move the cost, backbone phases recover accuracy", 760, 420);
    }

    /// <summary>Per layer (step), the share of test images taking each action, stacked.</summary>
    public static GenericChart ActionHistogram(RnpResult result, RoutingRecord record, string? title = null)
    {
        int steps = result.ActionShares.Length, k = result.ActionShares[0].Length;
        var layers = Enumerable.Range(1, steps).Select(s => $"{(result.Method == RnpMethods.Rnr ? "block" : "layer")} {s}").ToArray();
        var bars = Enumerable.Range(0, k).Select(a => Chart.Column<double, string, string>(
            result.ActionShares.Select(s => 100 * s[a]), Keys: layers,
            Name: result.Method == RnpMethods.Rnr ? (a == 0 ? "skip" : $"path {a + 1}") : $"{a + 1} of {k} groups", MarkerColor: Colour(a)));
        var chart = Chart.Combine(bars);
        chart = GenericChart.addLayout(ChartStyle.With(new Layout(), ("barmode", "stack")), chart);
        chart = FChart.withXAxis(ChartStyle.Axis("", ("type", "category"), ("tickangle", -45)), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("share of test images (%)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, title ?? "Actions per layer over the test set", Math.Clamp(200 + 45 * steps, 640, 1100), 440);
    }

    /// <summary>Images x layers, coloured by the action taken: <paramref name="count"/> test images spread over the cost range, cheapest first.</summary>
    public static GenericChart Heatmap(RoutingRecord record, int count = 60, string? title = null)
    {
        var order = Enumerable.Range(0, record.Flops.Length).OrderBy(i => record.Flops[i]).ToArray();
        int n = Math.Min(count, order.Length);
        var picked = Enumerable.Range(0, n).Select(j => order[(int)Math.Round(j * (order.Length - 1.0) / Math.Max(1, n - 1))]).ToArray();
        int steps = record.Actions[0].Length;
        var z = picked.Select(i => record.Actions[i].Select(a => (double)a).ToArray()).ToArray();
        var hover = picked.Select(i => record.Actions[i].Select((a, s) => $"image {i}, step {s + 1}: {record.ActionLabels[s][a - 1]}; {record.Flops[i]:N0} FLOPs").ToArray()).ToArray();
        var heat = Chart.Heatmap<double, string, string, string>(z,
            X: Enumerable.Range(1, steps).Select(s => $"step {s}").ToArray(), Y: picked.Select(i => $"#{i}").ToArray(),
            ColorScale: StyleParam.Colorscale.Viridis, Name: "action");
        heat = ChartStyle.WithTraceProperties(heat, ("text", hover), ("hoverinfo", "text"), ("colorbar", new { title = new { text = "action" } }));
        heat = FChart.withXAxis(ChartStyle.Axis("decision (layer or block)"), null).Invoke(heat);
        heat = FChart.withYAxis(ChartStyle.Axis("test image (cheapest at the bottom)"), null).Invoke(heat);
        return ChartStyle.Apply(heat, title ?? $"Routing of {n} test images spread over the cost range", 760, 620);
    }

    /// <summary>The cheapest or the most expensive test images with their routed predictions.</summary>
    public static GenericChart Gallery(ImageSet test, RoutingRecord record, bool cheapest, int count = 16)
    {
        var order = Enumerable.Range(0, record.Flops.Length).OrderBy(i => cheapest ? record.Flops[i] : -record.Flops[i]).Take(count).ToArray();
        using var subset = test.Subset(order.Select(i => (long)i).ToArray());
        double mean = order.Average(i => record.Flops[i]);
        return ImageGrid.Of(subset, order.Length, predictions: order.Select(i => record.Predictions[i]).ToArray(),
            title: $"The {order.Length} {(cheapest ? "cheapest" : "most expensive")} test images (mean {mean / 1e6:F2} MFLOPs); red: wrong");
    }

    /// <summary>Average routed cost per class.</summary>
    public static GenericChart CostPerClass(ConfidenceCost easy, IReadOnlyList<string> classNames, long denseFlops)
    {
        var bar = Chart.Column<double, string, string>(easy.ClassFlops.Select(f => 100 * f / denseFlops), Keys: classNames.ToArray(),
            Name: "average FLOPs", MarkerColor: Colour(0));
        bar = FChart.withXAxis(ChartStyle.Axis("class", ("type", "category")), null).Invoke(bar);
        bar = FChart.withYAxis(ChartStyle.Axis("average FLOPs (% of dense)"), null).Invoke(bar);
        return ChartStyle.Apply(bar, "Average cost per class", 760, 420);
    }

    /// <summary>Routed cost against the baseline's confidence: a sample of images and the mean per confidence decile.</summary>
    public static GenericChart CostVsConfidence(RoutingRecord record, long denseFlops, int sample = 1500)
    {
        int n = record.Flops.Length;
        var rng = new Random(0);
        var some = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(sample).ToArray();
        var points = Chart.Point<double, double, string>(some.Select(i => record.BaselineConfidence[i]), some.Select(i => 100 * record.Flops[i] / denseFlops),
            Name: "test images", MarkerColor: Colour(0), Opacity: 0.35);
        var byConfidence = Enumerable.Range(0, n).OrderBy(i => record.BaselineConfidence[i]).ToArray();
        var deciles = Enumerable.Range(0, 10).Select(d => byConfidence[(d * n / 10)..((d + 1) * n / 10)]).Where(b => b.Length > 0).ToArray();
        var mean = Chart.Line<double, double, string>(deciles.Select(b => b.Average(i => record.BaselineConfidence[i])),
            deciles.Select(b => 100 * b.Average(i => record.Flops[i]) / denseFlops), ShowMarkers: true, Name: "decile mean", LineColor: Colour(1), MarkerColor: Colour(1));
        var chart = Chart.Combine([points, mean]);
        chart = FChart.withXAxis(ChartStyle.Axis("baseline's confidence (max softmax)"), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("routed FLOPs (% of dense)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, "Are easy images cheaper?", 760, 440);
    }

    /// <summary>The accuracy-vs-average-FLOPs plane: routed after the alternation, agent only, static counterparts, RNR.</summary>
    public static GenericChart Sweep(RnpSummary s)
    {
        var pts = s.Sweep.OrderBy(p => p.Routed.FlopsRatio).ToArray();
        var traces = new List<GenericChart>
        {
            Series(pts.Select(p => p.Routed.FlopsRatio), pts.Select(p => p.Routed.Accuracy), pts.Select(p => $"p {p.Penalty}"), "RNP (after alternation)", 0, true),
            Series(pts.Where(p => p.AgentOnly is not null).Select(p => p.AgentOnly!.MeanFlops / p.Routed.DenseFlops),
                pts.Where(p => p.AgentOnly is not null).Select(p => p.AgentOnly!.Accuracy), pts.Where(p => p.AgentOnly is not null).Select(p => $"p {p.Penalty}, agent only"),
                "RNP agent only (backbone as trained)", 3, false),
        };
        var st = pts.Where(p => p.Static is not null).OrderBy(p => p.Static!.FlopsRatio).ToArray();
        if (st.Length > 0)
            traces.Add(Series(st.Select(p => p.Static!.FlopsRatio), st.Select(p => p.Static!.Accuracy), st.Select(p => $"L1 uniform keep {p.Static!.KeepFraction:F3}"), "static L1, same cost", 1, true));
        if (s.Rnr is { } r)
        {
            traces.Add(Series([r.Routed.FlopsRatio], [r.Routed.Accuracy], [$"RNR p {r.Routed.Penalty}"], $"RNR ({r.Routed.Model})", 2, false));
            if (r.Static is { } rs) traces.Add(Series([rs.FlopsRatio], [rs.Accuracy], ["static inner-channel L1"], $"static {r.Routed.Model}, same cost", 4, false));
            traces.Add(Series([1.0], [r.Routed.BaselineAccuracy], [$"{r.Routed.Model} dense"], $"{r.Routed.Model} dense", 5, false));
        }
        traces.Add(Series([1.0], [s.BaselineAccuracy], ["dense"], $"{s.Model} dense", 6, false));
        var chart = Chart.Combine(traces);
        chart = FChart.withXAxis(ChartStyle.Axis("average FLOPs (share of the dense network, agent included)"), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("test accuracy (%)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, "Penalty sweep against static pruning of the same cost", 860, 500);
    }

    /// <summary>Measured batch-1 speed-up (agent included) beside the FLOPs speed-up for every timed run.</summary>
    public static GenericChart Latency(RnpSummary s)
    {
        var runs = s.Sweep.OrderByDescending(p => p.Penalty).Select(p => ($"RNP p {p.Penalty}", p.Routed)).ToList();
        if (s.Rnr is { } r) runs.Add(($"RNR p {r.Routed.Penalty}", r.Routed));
        var timed = runs.Where(x => x.Item2.Latency is not null).ToArray();
        var names = timed.Select(x => x.Item1).ToArray();
        var chart = Chart.Combine([
            Chart.Column<double, string, string>(timed.Select(x => x.Item2.Latency!.Speedup), Keys: names, Name: "measured (batch 1)", MarkerColor: Colour(0)),
            Chart.Column<double, string, string>(timed.Select(x => x.Item2.Latency!.FlopsSpeedup), Keys: names, Name: "by FLOPs", MarkerColor: Colour(1)),
        ]);
        chart = GenericChart.addLayout(ChartStyle.With(new Layout(), ("barmode", "group")), chart);
        chart = FChart.withXAxis(ChartStyle.Axis("", ("type", "category")), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("speed-up over the dense network (x)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, "Wall-clock speed-up at batch 1 vs the FLOPs promise", 760, 420);
    }

    static GenericChart Series(IEnumerable<double> x, IEnumerable<double> y, IEnumerable<string> text, string name, int colour, bool line)
    {
        var xs = x.Select(v => 100 * v).ToArray();
        var ys = y.Select(v => 100 * v).ToArray();
        var t = text.ToArray();
        return line
            ? Chart.Line<double, double, string>(xs, ys, ShowMarkers: true, Name: name, LineColor: Colour(colour), MarkerColor: Colour(colour), MultiText: t)
            : Chart.Point<double, double, string>(xs, ys, Name: name, MarkerColor: Colour(colour), MultiText: t);
    }
}
