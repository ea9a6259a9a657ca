using Plotly.NET;
using Plotly.NET.CSharp;
using PruneLab.Training;
using Chart = Plotly.NET.CSharp.Chart;
using FChart = Plotly.NET.Chart;

namespace PruneLab.Viz;

/// <summary>Charts of a training run's per-epoch metrics (metrics.jsonl, <see cref="TrainingResult.History"/>).</summary>
public static class TrainingCharts
{
    /// <summary>
    /// Loss (left) and accuracy in % (right) per epoch, train and test; validation accuracy too where the run held a
    /// validation split. An empty history gives the empty panels, so a live chart can start before the first epoch.
    /// </summary>
    public static GenericChart Curves(IReadOnlyList<EpochMetrics> history, string title = "Training curves")
    {
        ArgumentNullException.ThrowIfNull(history);
        var epochs = history.Select(m => m.Epoch).ToArray();
        var loss = Panel(epochs, "cross-entropy loss (nats)", showLegend: true,
            Series("train", ChartStyle.TrainColor, history.Select(m => m.TrainLoss)),
            Series("test", ChartStyle.TestColor, history.Select(m => m.TestLoss)));
        var accuracy = Panel(epochs, "accuracy (%)", showLegend: false,
            Series("train", ChartStyle.TrainColor, history.Select(m => 100 * m.TrainAccuracy)),
            Series("test", ChartStyle.TestColor, history.Select(m => 100 * m.TestAccuracy)));
        var validated = history.Where(m => m.ValidationAccuracy.HasValue).ToArray();
        if (validated.Length > 0)
        {
            var validation = Line(validated.Select(m => m.Epoch).ToArray(),
                Series("validation", ChartStyle.ValidationColor, validated.Select(m => 100 * m.ValidationAccuracy!.Value)), true);
            accuracy = Chart.Combine([accuracy, validation]);
        }
        var grid = Chart.Grid([loss, accuracy], 1, 2, SubPlotTitles: new[] { "Loss", "Accuracy" }, XGap: 0.2);
        grid = ChartStyle.Apply(grid, title, width: 920, height: 420);
        var legend = ChartStyle.With(new Layout(),
            ("legend", new { orientation = "h", x = 0.5, xanchor = "center", y = -0.22, yanchor = "top" }),
            ("margin", new { l = 70, r = 20, t = 80, b = 100 }));
        return GenericChart.addLayout(legend, grid);
    }

    static (string Name, string Color, double[] Values) Series(string name, string color, IEnumerable<double> values) =>
        (name, color, values.ToArray());

    static GenericChart Panel(int[] epochs, string yTitle, bool showLegend, params (string Name, string Color, double[] Values)[] series)
    {
        var chart = Chart.Combine(series.Select(s => Line(epochs, s, showLegend)));
        // Whole epochs only: plotly.js would tick 1, 1.5, 2 on a short run.
        var step = Math.Max(1, (int)Math.Ceiling(epochs.Length / 10.0));
        chart = FChart.withXAxis(ChartStyle.Axis("epoch", ("tick0", 0), ("dtick", step)), null).Invoke(chart);
        return FChart.withYAxis(ChartStyle.Axis(yTitle), null).Invoke(chart);
    }

    static GenericChart Line(int[] epochs, (string Name, string Color, double[] Values) series, bool showLegend) =>
        Chart.Line<int, double, string>(epochs, series.Values, ShowMarkers: true, Name: series.Name,
                LineColor: Color.fromHex(series.Color), MarkerColor: Color.fromHex(series.Color))
            .WithTraceInfo(ShowLegend: showLegend, LegendGroup: series.Name);
}
