using System.Text.Json.Nodes;
using PruneLab.Data;
using PruneLab.Methods.Rnp;

namespace PruneLab.Viz;

/// <summary>Runtime routing made visible: the agent's training, which actions each layer takes, which images are cheap, the sweep.</summary>
public static class RoutingCharts
{
    static string Colour(int i) => ChartStyle.Colour(i);

    /// <summary>Mean episode reward and Q-loss per batch of episodes over every agent phase (rounds one after another).</summary>
    public static Figure AgentTraining(IReadOnlyList<RnpPhase> phases, string? title = null)
    {
        var agent = phases.Where(p => p.BatchRewards is not null).ToArray();
        var rewards = agent.SelectMany(p => p.BatchRewards!).ToArray();
        var losses = agent.SelectMany(p => p.BatchQLoss!).ToArray();
        var x = Enumerable.Range(1, rewards.Length).Select(i => (double)i).ToArray();
        var figure = new Figure(
            Trace.Line(x, rewards, "mean episode reward", Colour(0)),
            Trace.Line(x, losses, "Q-loss (smooth L1)", Colour(1)).With(("yaxis", "y2")));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("batch of episodes (agent phases of all rounds, in order)")),
            ("yaxis", ChartStyle.Axis("reward")),
            ("yaxis2", ChartStyle.Axis("Q-loss", ("overlaying", "y"), ("side", "right"), ("showgrid", false))));
        return ChartStyle.Apply(figure, title ?? "Agent training: reward and Q-loss", 820, 420);
    }

    /// <summary>Test accuracy and average FLOPs (share of dense) after every phase of the alternation.</summary>
    public static Figure Alternation(IReadOnlyList<RnpPhase> phases, double baselineAccuracy, long denseFlops, string? title = null)
    {
        var labels = new[] { "start" }.Concat(phases.Select(p => $"r{p.Round} {p.Phase}")).ToArray();
        var accuracy = new[] { 100 * baselineAccuracy }.Concat(phases.Select(p => 100 * p.Accuracy)).ToArray();
        var flops = new[] { 100.0 }.Concat(phases.Select(p => 100 * p.MeanFlops / denseFlops)).ToArray();
        var figure = new Figure(
            Trace.Line(labels, accuracy, "test accuracy (%)", Colour(0), markers: true),
            Trace.Line(labels, flops, "average FLOPs (% of dense)", Colour(2), markers: true));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("phase", ("type", "category"))),
            ("yaxis", ChartStyle.Axis("%")));
        return ChartStyle.Apply(figure, title ?? "Alternation: agent phases move the cost, backbone phases recover accuracy", 760, 420);
    }

    /// <summary>Per layer (step), the share of test images taking each action, stacked.</summary>
    public static Figure ActionHistogram(RnpResult result, RoutingRecord record, string? title = null)
    {
        int steps = result.ActionShares.Length, k = result.ActionShares[0].Length;
        var layers = Enumerable.Range(1, steps).Select(s => $"{(result.Method == RnpMethods.Rnr ? "block" : "layer")} {s}").ToArray();
        var figure = new Figure(Enumerable.Range(0, k).Select(a => Trace.Bars(layers, result.ActionShares.Select(s => 100 * s[a]),
            result.Method == RnpMethods.Rnr ? (a == 0 ? "skip" : $"path {a + 1}") : $"{a + 1} of {k} groups", Colour(a))));
        figure.WithLayout(
            ("barmode", "stack"),
            ("xaxis", ChartStyle.Axis("", ("type", "category"), ("tickangle", -45))),
            ("yaxis", ChartStyle.Axis("share of test images (%)")));
        return ChartStyle.Apply(figure, title ?? "Actions per layer over the test set", Math.Clamp(200 + 45 * steps, 640, 1100), 440);
    }

    /// <summary>
    /// A reward ablation beside the paper's reward: per layer, the share of test images taking each action, one panel per
    /// run, each titled with its accuracy and average cost.
    /// </summary>
    public static Figure Ablation(RnpAblation a)
    {
        int steps = a.Paper.ActionShares.Length, k = a.Paper.ActionShares[0].Length;
        var layers = Enumerable.Range(1, steps).Select(s => $"layer {s}").ToArray();
        Panel Shares(RnpResult r, string name, bool legend) => new(
            $"{name}: {r.Accuracy:P1} at {r.FlopsRatio:P0} of the FLOPs",
            Enumerable.Range(0, k).Select(act => Trace.Bars(layers, r.ActionShares.Select(s => 100 * s[act]), $"{act + 1} of {k} groups", Colour(act))
                .With(("showlegend", legend), ("legendgroup", $"a{act}"))).ToArray(),
            ChartStyle.Axis("", ("type", "category"), ("tickangle", -45)),
            ChartStyle.Axis("share of test images (%)", ("range", new[] { 0, 100 })));
        var figure = Subplots.Row(0.12, Shares(a.Paper, "paper's reward", true), Shares(a.Ablated, a.Name, false));
        return ChartStyle.Apply(figure, $"Actions per layer at p = {a.Paper.Penalty}: the paper's reward and yours", Math.Clamp(400 + 60 * steps, 900, 1300), 480)
            .WithLayout(
                ("barmode", "stack"),
                ("legend", new { orientation = "h", x = 0.5, xanchor = "center", y = -0.3, yanchor = "top" }),
                ("margin", new { l = 70, r = 20, t = 80, b = 120 }));
    }

    /// <summary>Images x layers, coloured by the action taken: <paramref name="count"/> test images spread over the cost range, cheapest first.</summary>
    public static Figure Heatmap(RoutingRecord record, int count = 60, string? title = null)
    {
        var order = Enumerable.Range(0, record.Flops.Length).OrderBy(i => record.Flops[i]).ToArray();
        int n = Math.Min(count, order.Length);
        var picked = Enumerable.Range(0, n).Select(j => order[(int)Math.Round(j * (order.Length - 1.0) / Math.Max(1, n - 1))]).ToArray();
        int steps = record.Actions[0].Length;
        var z = picked.Select(i => record.Actions[i].Select(a => (double)a).ToArray()).ToArray();
        var hover = picked.Select(i => record.Actions[i].Select((a, s) => $"image {i}, step {s + 1}: {record.ActionLabels[s][a - 1]}; {record.Flops[i]:N0} FLOPs").ToArray()).ToArray();
        var heat = Trace.Heatmap(z, Enumerable.Range(1, steps).Select(s => $"step {s}"), picked.Select(i => $"#{i}"), "action", "Viridis")
            .With(("text", hover), ("hoverinfo", "text"), ("colorbar", new { title = new { text = "action" } }));
        var figure = new Figure(heat).WithLayout(
            ("xaxis", ChartStyle.Axis("decision (layer or block)")),
            ("yaxis", ChartStyle.Axis("test image (cheapest at the bottom)")));
        return ChartStyle.Apply(figure, title ?? $"Routing of {n} test images spread over the cost range", 760, 620);
    }

    /// <summary>The cheapest or the most expensive test images with their routed predictions.</summary>
    public static Figure Gallery(ImageSet test, RoutingRecord record, bool cheapest, int count = 16)
    {
        var order = Enumerable.Range(0, record.Flops.Length).OrderBy(i => cheapest ? record.Flops[i] : -record.Flops[i]).Take(count).ToArray();
        using var subset = test.Subset(order.Select(i => (long)i).ToArray());
        double mean = order.Average(i => record.Flops[i]);
        return ImageGrid.Of(subset, order.Length, predictions: order.Select(i => record.Predictions[i]).ToArray(),
            title: $"The {order.Length} {(cheapest ? "cheapest" : "most expensive")} test images (mean {mean / 1e6:F2} MFLOPs); red: wrong");
    }

    /// <summary>Average routed cost per class.</summary>
    public static Figure CostPerClass(ConfidenceCost easy, IReadOnlyList<string> classNames, long denseFlops)
    {
        var figure = new Figure(Trace.Bars(classNames, easy.ClassFlops.Select(f => 100 * f / denseFlops), "average FLOPs", Colour(0)));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("class", ("type", "category"))),
            ("yaxis", ChartStyle.Axis("average FLOPs (% of dense)")));
        return ChartStyle.Apply(figure, "Average cost per class", 760, 420);
    }

    /// <summary>Routed cost against the baseline's confidence: a sample of images and the mean per confidence decile.</summary>
    public static Figure CostVsConfidence(RoutingRecord record, long denseFlops, int sample = 1500)
    {
        int n = record.Flops.Length;
        var rng = new Random(0);
        var some = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(sample).ToArray();
        var byConfidence = Enumerable.Range(0, n).OrderBy(i => record.BaselineConfidence[i]).ToArray();
        var deciles = Enumerable.Range(0, 10).Select(d => byConfidence[(d * n / 10)..((d + 1) * n / 10)]).Where(b => b.Length > 0).ToArray();
        var figure = new Figure(
            Trace.Points(some.Select(i => record.BaselineConfidence[i]), some.Select(i => 100 * record.Flops[i] / denseFlops), "test images", Colour(0))
                .With(("opacity", 0.35)),
            Trace.Line(deciles.Select(b => b.Average(i => record.BaselineConfidence[i])),
                deciles.Select(b => 100 * b.Average(i => record.Flops[i]) / denseFlops), "decile mean", Colour(1), markers: true));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("baseline's confidence (max softmax)")),
            ("yaxis", ChartStyle.Axis("routed FLOPs (% of dense)")));
        return ChartStyle.Apply(figure, "Are easy images cheaper?", 760, 440);
    }

    /// <summary>The accuracy-vs-average-FLOPs plane: routed after the alternation, agent only, static counterparts, RNR.</summary>
    public static Figure Sweep(RnpSummary s)
    {
        var pts = s.Sweep.OrderBy(p => p.Routed.FlopsRatio).ToArray();
        var figure = new Figure(
            Series(pts.Select(p => p.Routed.FlopsRatio), pts.Select(p => p.Routed.Accuracy), pts.Select(p => $"p {p.Penalty}"), "RNP (after alternation)", 0, true),
            Series(pts.Where(p => p.AgentOnly is not null).Select(p => p.AgentOnly!.MeanFlops / p.Routed.DenseFlops),
                pts.Where(p => p.AgentOnly is not null).Select(p => p.AgentOnly!.Accuracy), pts.Where(p => p.AgentOnly is not null).Select(p => $"p {p.Penalty}, agent only"),
                "RNP agent only (backbone as trained)", 3, false));
        var st = pts.Where(p => p.Static is not null).OrderBy(p => p.Static!.FlopsRatio).ToArray();
        if (st.Length > 0)
            figure.Add(Series(st.Select(p => p.Static!.FlopsRatio), st.Select(p => p.Static!.Accuracy), st.Select(p => $"L1 uniform keep {p.Static!.KeepFraction:F3}"), "static L1, same cost", 1, true));
        if (s.Rnr is { } r)
        {
            figure.Add(Series([r.Routed.FlopsRatio], [r.Routed.Accuracy], [$"RNR p {r.Routed.Penalty}"], $"RNR ({r.Routed.Model})", 2, false));
            if (r.Static is { } rs) figure.Add(Series([rs.FlopsRatio], [rs.Accuracy], ["static inner-channel L1"], $"static {r.Routed.Model}, same cost", 4, false));
            figure.Add(Series([1.0], [r.Routed.BaselineAccuracy], [$"{r.Routed.Model} dense"], $"{r.Routed.Model} dense", 5, false));
        }
        figure.Add(Series([1.0], [s.BaselineAccuracy], ["dense"], $"{s.Model} dense", 6, false));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("average FLOPs (share of the dense network, agent included)")),
            ("yaxis", ChartStyle.Axis("test accuracy (%)")));
        return ChartStyle.Apply(figure, "Penalty sweep against static pruning of the same cost", 860, 500);
    }

    /// <summary>Measured batch-1 speed-up (agent included) beside the FLOPs speed-up for every timed run.</summary>
    public static Figure Latency(RnpSummary s)
    {
        var runs = s.Sweep.OrderByDescending(p => p.Penalty).Select(p => ($"RNP p {p.Penalty}", p.Routed)).ToList();
        if (s.Rnr is { } r) runs.Add(($"RNR p {r.Routed.Penalty}", r.Routed));
        var timed = runs.Where(x => x.Item2.Latency is not null).ToArray();
        var names = timed.Select(x => x.Item1).ToArray();
        var figure = new Figure(
            Trace.Bars(names, timed.Select(x => x.Item2.Latency!.Speedup), "measured (batch 1)", Colour(0)),
            Trace.Bars(names, timed.Select(x => x.Item2.Latency!.FlopsSpeedup), "by FLOPs", Colour(1)));
        figure.WithLayout(
            ("barmode", "group"),
            ("xaxis", ChartStyle.Axis("", ("type", "category"))),
            ("yaxis", ChartStyle.Axis("speed-up over the dense network (x)")));
        return ChartStyle.Apply(figure, "Wall-clock speed-up at batch 1 vs the FLOPs promise", 760, 420);
    }

    /// <summary>One series of the sweep plane in %: a line through a sweep, or single points.</summary>
    static JsonObject Series(IEnumerable<double> x, IEnumerable<double> y, IEnumerable<string> text, string name, int colour, bool line)
    {
        var xs = x.Select(v => 100 * v).ToArray();
        var ys = y.Select(v => 100 * v).ToArray();
        return line
            ? Trace.Line(xs, ys, name, Colour(colour), markers: true, text: text)
            : Trace.Points(xs, ys, name, Colour(colour), text: text);
    }
}
