using PruneLab.Data;
using PruneLab.Methods.Ftwt;
using PruneLab.Training;

namespace PruneLab.Viz;

/// <summary>Fire Together Wire Together made visible: the heatmap-mass rule, training, which filters fire, the sweep, latency.</summary>
public static class FtwtCharts
{
    static string Colour(int i) => ChartStyle.Colour(i);

    /// <summary>One image's channel mass at one layer, sorted, with its cumulative sum and where each threshold r cuts it.</summary>
    public static Figure Mass(IReadOnlyList<float> mass, IReadOnlyList<double> thresholds, string layer)
    {
        var sorted = mass.Select(m => (double)m).OrderDescending().ToArray();
        var ranks = Enumerable.Range(1, sorted.Length).ToArray();
        double running = 0;
        var cumulative = sorted.Select(m => running += m).ToArray();
        var figure = new Figure(
            Trace.Bars(ranks, sorted, "channel mass h_c / sum h", Colour(0)),
            Trace.Line(ranks, cumulative, "cumulative mass", Colour(2), markers: true));
        foreach (var (r, i) in thresholds.Select((r, i) => (r, i)))
        {
            int kept = Math.Max(1, cumulative.Count(c => c <= r + 1e-6));
            figure.Add(Trace.Line([1, sorted.Length], [r, r], $"r = {r}: keeps {kept} of {sorted.Length}", Colour(3 + i), dash: "dash"));
        }
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("channels, most massive first")),
            ("yaxis", ChartStyle.Axis("share of the layer's activation mass")));
        return ChartStyle.Apply(figure, $"Heatmap mass of one test image at {layer}", 820, 440);
    }

    /// <summary>Share of each layer's filters the target rule keeps, per threshold, estimated on the pretrained network.</summary>
    public static Figure EstimatedKept(IReadOnlyList<FtwtEstimate> estimates, IReadOnlyList<string> layers)
    {
        var figure = new Figure(estimates.Select((e, i) => Trace.Bars(layers, e.KeptShare.Select(k => 100 * k),
            $"r = {e.Threshold} ({e.Reduction:P0} fewer FLOPs)", Colour(i))));
        figure.WithLayout(
            ("barmode", "group"),
            ("xaxis", ChartStyle.Axis("", ("type", "category"), ("tickangle", -45))),
            ("yaxis", ChartStyle.Axis("filters kept (% of the layer, mean over training images)")));
        return ChartStyle.Apply(figure, "Estimated before training: filters each threshold keeps", 900, 460);
    }

    /// <summary>
    /// A target-rule ablation beside the paper's rule: per layer, the share of filters kept, estimated before training
    /// (dashed) and firing after it (solid), for both runs.
    /// </summary>
    public static Figure Ablation(FtwtAblation a, IReadOnlyList<string> layers)
    {
        var runs = new[] { (Result: a.Paper, Name: "paper's rule"), (Result: a.Ablated, Name: a.Name) };
        var figure = new Figure(runs.SelectMany((run, i) => new[]
        {
            Trace.Line(layers, run.Result.KeptShare.Select(k => 100 * k), $"{run.Name}: firing after training", Colour(i), markers: true),
            Trace.Line(layers, run.Result.Estimate.KeptShare.Select(k => 100 * k), $"{run.Name}: estimated before training", Colour(i), markers: true, dash: "dash"),
        }));
        return ChartStyle.Apply(figure, $"Filters kept per layer at r = {a.Paper.Threshold}: the paper's rule and yours", 900, 500).WithLayout(
            ("xaxis", ChartStyle.Axis("", ("type", "category"), ("tickangle", -45))),
            ("yaxis", ChartStyle.Axis("filters kept (% of the layer, mean over images)", ("range", new[] { 0, 102 }))),
            ("legend", new { orientation = "h", x = 0.5, xanchor = "center", y = -0.25, yanchor = "top" }),
            ("margin", new { l = 70, r = 20, t = 70, b = 130 }));
    }

    /// <summary>Per epoch: the task loss and the mask loss (drawn while on), test accuracy and the test set's FLOPs share.</summary>
    public static Figure Training(IReadOnlyList<EpochMetrics> history, string title)
    {
        var epochs = history.Select(h => h.Epoch).ToArray();
        double Extra(EpochMetrics h, string key) => h.Extras is { } e && e.TryGetValue(key, out var v) ? v : double.NaN;
        var masked = history.Where(h => h.Extras?.ContainsKey(FtwtRun.MaskLossKey) == true).ToArray();
        var figure = new Figure(
            Trace.Line(epochs, history.Select(h => Extra(h, FtwtRun.TaskLossKey)), "task loss (train CE)", Colour(0), markers: true),
            Trace.Line(masked.Select(h => h.Epoch), masked.Select(h => Extra(h, FtwtRun.MaskLossKey)), "mask loss (mean BCE, while on)", Colour(1), markers: true),
            Trace.Line(epochs, history.Select(h => h.TestAccuracy), "test accuracy", Colour(2), markers: true),
            Trace.Line(epochs, history.Select(h => Extra(h, FtwtRun.TestFlopsKey)), "test FLOPs (share of dense)", Colour(3), markers: true));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("epoch", ("dtick", 1))),
            ("yaxis", ChartStyle.Axis("loss / share")));
        return ChartStyle.Apply(figure, title, 820, 440);
    }

    /// <summary>How many of each layer's filters fire over the test set: 10th, 50th and 90th percentile and mean per layer.</summary>
    public static Figure KeptPerLayer(MaskRecord record, string title)
    {
        var layers = record.SiteNames;
        double[] Share(int s) => record.Kept.Select(k => 100.0 * k[s] / record.SiteChannels[s]).Order().ToArray();
        double Pct(double[] v, double q) => v.Length == 0 ? double.NaN : v[(int)Math.Min(v.Length - 1, q * v.Length)];
        var shares = Enumerable.Range(0, layers.Length).Select(Share).ToArray();
        var figure = new Figure(new (string Name, Func<double[], double> Of, int Colour)[]
        {
            ("90th percentile", v => Pct(v, 0.9), 1), ("median", v => Pct(v, 0.5), 0), ("10th percentile", v => Pct(v, 0.1), 3), ("mean", v => v.Average(), 2),
        }.Select(t => Trace.Line(layers, shares.Select(t.Of), t.Name, Colour(t.Colour), markers: true)));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("", ("type", "category"), ("tickangle", -45))),
            ("yaxis", ChartStyle.Axis("filters firing (% of the layer)", ("range", new[] { 0, 102 }))));
        return ChartStyle.Apply(figure, title, 900, 440);
    }

    /// <summary>The test images with the fewest or the most filters firing, with their predictions (red: wrong).</summary>
    public static Figure Gallery(ImageSet test, MaskRecord record, bool fewest, int count = 16)
    {
        var order = Enumerable.Range(0, record.Flops.Length).OrderBy(i => fewest ? record.Flops[i] : -record.Flops[i]).Take(count).ToArray();
        using var subset = test.Subset(order.Select(i => (long)i).ToArray());
        double mean = order.Average(i => record.Flops[i]);
        return ImageGrid.Of(subset, order.Length, predictions: order.Select(i => record.Predictions[i]).ToArray(),
            title: $"The {order.Length} test images with the {(fewest ? "fewest" : "most")} filters firing (mean {mean / 1e6:F2} MFLOPs); red: wrong");
    }

    /// <summary>Accuracy against FLOPs reduction for every run, both modes, with each run's estimate before training beside it.</summary>
    public static Figure Sweep(FtwtSummary s)
    {
        var figure = new Figure();
        foreach (var (mode, i) in new[] { FtwtModes.Decoupled, FtwtModes.Joint }.Select((m, i) => (m, i)))
        {
            var runs = s.InMode(mode).OrderBy(r => r.Reduction).ToArray();
            if (runs.Length == 0) continue;
            figure.Add(Trace.Line(runs.Select(r => 100 * r.Reduction), runs.Select(r => 100 * r.Accuracy), $"{mode} (measured)", Colour(i),
                markers: true, text: runs.Select(r => $"r {r.Threshold}")));
            figure.Add(Trace.Points(runs.Select(r => 100 * r.EstimatedReduction), runs.Select(r => 100 * r.Accuracy),
                $"{mode}: estimate before training", Colour(i), text: runs.Select(r => $"r {r.Threshold} (estimated)"), symbol: "cross"));
        }
        figure.Add(Trace.Points([0.0], [100 * s.BaselineAccuracy], $"{s.Model} dense", Colour(6)));
        figure.WithLayout(
            ("xaxis", ChartStyle.Axis("FLOPs reduction (%), predictors not counted, as the paper")),
            ("yaxis", ChartStyle.Axis("test accuracy (%)")));
        return ChartStyle.Apply(figure, "Threshold sweep: accuracy vs FLOPs reduction, decoupled and joint", 860, 500);
    }

    /// <summary>Measured batch-1 speed-up beside the FLOPs speed-up, per run and for the replay on the wider VGG-16.</summary>
    public static Figure Latency(FtwtSummary s)
    {
        var rows = s.Runs.Where(r => r.Latency is not null).Select(r => (Name: r.Label, Measured: r.Latency!.Speedup, Flops: r.Latency.FlopsSpeedup)).ToList();
        rows.AddRange(s.Replays.Select(r => ($"{r.Masks} on VGG-16 x{r.Width:G3}", r.Speedup, r.FlopsSpeedup)));
        var names = rows.Select(r => r.Name).ToArray();
        var figure = new Figure(
            Trace.Bars(names, rows.Select(r => r.Measured), "measured (batch 1)", Colour(0)),
            Trace.Bars(names, rows.Select(r => r.Flops), "by FLOPs (predictors included)", Colour(1)));
        figure.WithLayout(
            ("barmode", "group"),
            ("xaxis", ChartStyle.Axis("", ("type", "category"), ("tickangle", -30))),
            ("yaxis", ChartStyle.Axis("speed-up over the dense network (x)")));
        return ChartStyle.Apply(figure, "Gated execution at batch 1: wall clock vs the FLOPs promise", 900, 440);
    }
}
