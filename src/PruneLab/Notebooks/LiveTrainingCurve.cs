using PruneLab.Training;
using PruneLab.Viz;

namespace PruneLab.Notebooks;

/// <summary>
/// Training progress for a notebook: redraws the loss/accuracy curves after every epoch through <paramref name="show"/>
/// (in a cell: <c>var view = LiveDisplay.Show(TrainingCharts.Curves([])); new LiveTrainingCurve(c => view.Update(c))</c>:
/// one output that each epoch replaces, see <see cref="LiveDisplay"/>) and prints one line per epoch.
/// </summary>
public sealed class LiveTrainingCurve(Action<Figure> show, string title = "Training") : ITrainingProgress
{
    readonly List<EpochMetrics> _history = [];
    int _epochs;

    public IReadOnlyList<EpochMetrics> History => _history;

    public void EpochStarted(int epoch, int epochs, int batches) => _epochs = epochs;
    public void BatchDone(int epoch, int batch, double loss) { }

    public void EpochDone(EpochMetrics m)
    {
        _history.Add(m);
        var eta = TimeSpan.FromSeconds(_history.Average(h => h.Seconds) * Math.Max(0, _epochs - m.Epoch));
        Console.WriteLine($"epoch {m.Epoch}/{_epochs}: train loss {m.TrainLoss:F3}, test accuracy {m.TestAccuracy:P2}, " +
                          $"{m.ImagesPerSecond:F0} img/s, {m.Seconds:F0} s, ETA {eta:m\\:ss}");
        show(TrainingCharts.Curves(_history, title));
    }

    public void Message(string text) => Console.WriteLine(text);
}
