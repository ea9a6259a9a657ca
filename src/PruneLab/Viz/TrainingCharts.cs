using System.Text.Json.Nodes;
using PruneLab.Training;

namespace PruneLab.Viz;

/// <summary>Charts of a training run's per-epoch metrics (metrics.jsonl, <see cref="TrainingResult.History"/>).</summary>
public static class TrainingCharts
{
    /// <summary>
    /// Loss (left) and accuracy in % (right) per epoch, train and test; validation accuracy too where the run held a
    /// validation split. An empty history gives the empty panels, so a live chart can start before the first epoch.
    /// </summary>
    public static Figure Curves(IReadOnlyList<EpochMetrics> history, string title = "Training curves")
    {
        ArgumentNullException.ThrowIfNull(history);
        var epochs = history.Select(m => m.Epoch).ToArray();
        var loss = new List<JsonObject>
        {
            Line(epochs, "train", ChartStyle.TrainColor, history.Select(m => m.TrainLoss), showLegend: true),
            Line(epochs, "test", ChartStyle.TestColor, history.Select(m => m.TestLoss), showLegend: true),
        };
        var accuracy = new List<JsonObject>
        {
            Line(epochs, "train", ChartStyle.TrainColor, history.Select(m => 100 * m.TrainAccuracy), showLegend: false),
            Line(epochs, "test", ChartStyle.TestColor, history.Select(m => 100 * m.TestAccuracy), showLegend: false),
        };
        var validated = history.Where(m => m.ValidationAccuracy.HasValue).ToArray();
        if (validated.Length > 0)
            accuracy.Add(Line(validated.Select(m => m.Epoch).ToArray(), "validation", ChartStyle.ValidationColor,
                validated.Select(m => 100 * m.ValidationAccuracy!.Value), showLegend: true));
        var figure = Subplots.Row(0.2,
            new Panel("Loss", loss, EpochAxis(epochs), ChartStyle.Axis("cross-entropy loss (nats)")),
            new Panel("Accuracy", accuracy, EpochAxis(epochs), ChartStyle.Axis("accuracy (%)")));
        return ChartStyle.Apply(figure, title, width: 920, height: 420).WithLayout(
            ("legend", new { orientation = "h", x = 0.5, xanchor = "center", y = -0.22, yanchor = "top" }),
            ("margin", new { l = 70, r = 20, t = 80, b = 100 }));
    }

    /// <summary>Whole epochs only: plotly.js would tick 1, 1.5, 2 on a short run.</summary>
    static JsonObject EpochAxis(int[] epochs) =>
        ChartStyle.Axis("epoch", ("tick0", 0), ("dtick", Math.Max(1, (int)Math.Ceiling(epochs.Length / 10.0))));

    /// <summary>One series; train and test share a legend group, so one legend entry stands for both panels.</summary>
    static JsonObject Line(int[] epochs, string name, string color, IEnumerable<double> values, bool showLegend) =>
        Trace.Line(epochs, values, name, color, markers: true).With(("showlegend", showLegend), ("legendgroup", name));
}
