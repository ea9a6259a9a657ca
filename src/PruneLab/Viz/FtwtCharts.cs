using Plotly.NET;
using Plotly.NET.CSharp;
using PruneLab.Data;
using PruneLab.Methods.Ftwt;
using PruneLab.Training;
using Chart = Plotly.NET.CSharp.Chart;
using FChart = Plotly.NET.Chart;

namespace PruneLab.Viz;

/// <summary>Fire Together Wire Together made visible: the heatmap-mass rule, training, which filters fire, the sweep, latency.</summary>
public static class FtwtCharts
{
    static Color Colour(int i) => Color.fromHex(ChartStyle.Palette[i % ChartStyle.Palette.Count]);

    /// <summary>One image's channel mass at one layer, sorted, with its cumulative sum and where each threshold r cuts it.</summary>
    public static GenericChart Mass(IReadOnlyList<float> mass, IReadOnlyList<double> thresholds, string layer)
    {
        var sorted = mass.Select(m => (double)m).OrderDescending().ToArray();
        var ranks = Enumerable.Range(1, sorted.Length).ToArray();
        double running = 0;
        var cumulative = sorted.Select(m => running += m).ToArray();
        var traces = new List<GenericChart>
        {
            Chart.Column<double, int, string>(sorted, Keys: ranks, Name: "channel mass h_c / sum h", MarkerColor: Colour(0)),
            Chart.Line<int, double, string>(ranks, cumulative, ShowMarkers: true, Name: "cumulative mass", LineColor: Colour(2), MarkerColor: Colour(2)),
        };
        foreach (var (r, i) in thresholds.Select((r, i) => (r, i)))
        {
            int kept = Math.Max(1, cumulative.Count(c => c <= r + 1e-6));
            traces.Add(Chart.Line<int, double, string>([1, sorted.Length], [r, r], Name: $"r = {r}: keeps {kept} of {sorted.Length}",
                LineColor: Colour(3 + i), LineDash: StyleParam.DrawingStyle.Dash));
        }
        var chart = Chart.Combine(traces);
        chart = FChart.withXAxis(ChartStyle.Axis("channels, most massive first"), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("share of the layer's activation mass"), null).Invoke(chart);
        return ChartStyle.Apply(chart, $"Heatmap mass of one test image at {layer}", 820, 440);
    }

    /// <summary>Share of each layer's filters the target rule keeps, per threshold, estimated on the pretrained network.</summary>
    public static GenericChart EstimatedKept(IReadOnlyList<FtwtEstimate> estimates, IReadOnlyList<string> layers)
    {
        var bars = estimates.Select((e, i) => Chart.Column<double, string, string>(e.KeptShare.Select(k => 100 * k), Keys: layers.ToArray(),
            Name: $"r = {e.Threshold} ({e.Reduction:P0} fewer FLOPs)", MarkerColor: Colour(i)));
        var chart = Chart.Combine(bars);
        chart = GenericChart.addLayout(ChartStyle.With(new Layout(), ("barmode", "group")), chart);
        chart = FChart.withXAxis(ChartStyle.Axis("", ("type", "category"), ("tickangle", -45)), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("filters kept (% of the layer, mean over training images)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, "Estimated before training: filters each threshold keeps", 900, 460);
    }

    /// <summary>Per epoch: the task loss and the mask loss (drawn while on), test accuracy and the test set's FLOPs share.</summary>
    public static GenericChart Training(IReadOnlyList<EpochMetrics> history, string title)
    {
        var epochs = history.Select(h => h.Epoch).ToArray();
        double Extra(EpochMetrics h, string key) => h.Extras is { } e && e.TryGetValue(key, out var v) ? v : double.NaN;
        var masked = history.Where(h => h.Extras?.ContainsKey(FtwtRun.MaskLossKey) == true).ToArray();
        var chart = Chart.Combine([
            Chart.Line<int, double, string>(epochs, history.Select(h => Extra(h, FtwtRun.TaskLossKey)), ShowMarkers: true, Name: "task loss (train CE)", LineColor: Colour(0), MarkerColor: Colour(0)),
            Chart.Line<int, double, string>(masked.Select(h => h.Epoch), masked.Select(h => Extra(h, FtwtRun.MaskLossKey)), ShowMarkers: true, Name: "mask loss (mean BCE, while on)", LineColor: Colour(1), MarkerColor: Colour(1)),
            Chart.Line<int, double, string>(epochs, history.Select(h => h.TestAccuracy), ShowMarkers: true, Name: "test accuracy", LineColor: Colour(2), MarkerColor: Colour(2)),
            Chart.Line<int, double, string>(epochs, history.Select(h => Extra(h, FtwtRun.TestFlopsKey)), ShowMarkers: true, Name: "test FLOPs (share of dense)", LineColor: Colour(3), MarkerColor: Colour(3)),
        ]);
        chart = FChart.withXAxis(ChartStyle.Axis("epoch", ("dtick", 1)), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("loss / share"), null).Invoke(chart);
        return ChartStyle.Apply(chart, title, 820, 440);
    }

    /// <summary>How many of each layer's filters fire over the test set: 10th, 50th and 90th percentile and mean per layer.</summary>
    public static GenericChart KeptPerLayer(MaskRecord record, string title)
    {
        var layers = record.SiteNames;
        double[] Share(int s) => record.Kept.Select(k => 100.0 * k[s] / record.SiteChannels[s]).Order().ToArray();
        double Pct(double[] v, double q) => v.Length == 0 ? double.NaN : v[(int)Math.Min(v.Length - 1, q * v.Length)];
        var shares = Enumerable.Range(0, layers.Length).Select(Share).ToArray();
        var traces = new (string Name, Func<double[], double> Of, int Colour)[]
        {
            ("90th percentile", v => Pct(v, 0.9), 1), ("median", v => Pct(v, 0.5), 0), ("10th percentile", v => Pct(v, 0.1), 3), ("mean", v => v.Average(), 2),
        }.Select(t => Chart.Line<string, double, string>(layers, shares.Select(t.Of), ShowMarkers: true, Name: t.Name, LineColor: Colour(t.Colour), MarkerColor: Colour(t.Colour)));
        var chart = Chart.Combine(traces);
        chart = FChart.withXAxis(ChartStyle.Axis("", ("type", "category"), ("tickangle", -45)), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("filters firing (% of the layer)", ("range", new[] { 0, 102 })), null).Invoke(chart);
        return ChartStyle.Apply(chart, title, 900, 440);
    }

    /// <summary>The test images with the fewest or the most filters firing, with their predictions (red: wrong).</summary>
    public static GenericChart Gallery(ImageSet test, MaskRecord record, bool fewest, int count = 16)
    {
        var order = Enumerable.Range(0, record.Flops.Length).OrderBy(i => fewest ? record.Flops[i] : -record.Flops[i]).Take(count).ToArray();
        using var subset = test.Subset(order.Select(i => (long)i).ToArray());
        double mean = order.Average(i => record.Flops[i]);
        return ImageGrid.Of(subset, order.Length, predictions: order.Select(i => record.Predictions[i]).ToArray(),
            title: $"The {order.Length} test images with the {(fewest ? "fewest" : "most")} filters firing (mean {mean / 1e6:F2} MFLOPs); red: wrong");
    }

    /// <summary>Accuracy against FLOPs reduction for every run, both modes, with each run's estimate before training beside it.</summary>
    public static GenericChart Sweep(FtwtSummary s)
    {
        var traces = new List<GenericChart>();
        foreach (var (mode, i) in new[] { FtwtModes.Decoupled, FtwtModes.Joint }.Select((m, i) => (m, i)))
        {
            var runs = s.InMode(mode).OrderBy(r => r.Reduction).ToArray();
            if (runs.Length == 0) continue;
            traces.Add(Chart.Line<double, double, string>(runs.Select(r => 100 * r.Reduction), runs.Select(r => 100 * r.Accuracy), ShowMarkers: true,
                Name: $"{mode} (measured)", LineColor: Colour(i), MarkerColor: Colour(i), MultiText: runs.Select(r => $"r {r.Threshold}").ToArray()));
            traces.Add(Chart.Point<double, double, string>(runs.Select(r => 100 * r.EstimatedReduction), runs.Select(r => 100 * r.Accuracy),
                Name: $"{mode}: estimate before training", MarkerColor: Colour(i), MarkerSymbol: StyleParam.MarkerSymbol.Cross,
                MultiText: runs.Select(r => $"r {r.Threshold} (estimated)").ToArray()));
        }
        traces.Add(Chart.Point<double, double, string>([0.0], [100 * s.BaselineAccuracy], Name: $"{s.Model} dense", MarkerColor: Colour(6)));
        var chart = Chart.Combine(traces);
        chart = FChart.withXAxis(ChartStyle.Axis("FLOPs reduction (%), predictors not counted, as the paper"), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("test accuracy (%)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, "Threshold sweep: accuracy vs FLOPs reduction, decoupled and joint", 860, 500);
    }

    /// <summary>Measured batch-1 speed-up beside the FLOPs speed-up, per run and for the replay on the wider VGG-16.</summary>
    public static GenericChart Latency(FtwtSummary s)
    {
        var rows = s.Runs.Where(r => r.Latency is not null).Select(r => (Name: r.Label, Measured: r.Latency!.Speedup, Flops: r.Latency.FlopsSpeedup)).ToList();
        rows.AddRange(s.Replays.Select(r => ($"{r.Masks} on VGG-16 x{r.Width:G3}", r.Speedup, r.FlopsSpeedup)));
        var names = rows.Select(r => r.Name).ToArray();
        var chart = Chart.Combine([
            Chart.Column<double, string, string>(rows.Select(r => r.Measured), Keys: names, Name: "measured (batch 1)", MarkerColor: Colour(0)),
            Chart.Column<double, string, string>(rows.Select(r => r.Flops), Keys: names, Name: "by FLOPs (predictors included)", MarkerColor: Colour(1)),
        ]);
        chart = GenericChart.addLayout(ChartStyle.With(new Layout(), ("barmode", "group")), chart);
        chart = FChart.withXAxis(ChartStyle.Axis("", ("type", "category"), ("tickangle", -30)), null).Invoke(chart);
        chart = FChart.withYAxis(ChartStyle.Axis("speed-up over the dense network (x)"), null).Invoke(chart);
        return ChartStyle.Apply(chart, "Gated execution at batch 1: wall clock vs the FLOPs promise", 900, 440);
    }
}
