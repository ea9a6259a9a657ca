using System.Diagnostics;
using PruneLab.Training;
using Spectre.Console;

namespace PruneLab.Cli;

/// <summary>
/// Renders training progress: a live bar with ETA on a terminal, plain timestamped lines in logs (CI, pipes).
/// </summary>
internal sealed class ConsoleProgress : ITrainingProgress
{
    readonly ProgressTask? _task;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    int _epochs, _batches, _lastPercentLogged = -1;
    long _done, _doneAtStart = -1;

    ConsoleProgress(ProgressTask? task) => _task = task;

    public static T Run<T>(string title, Func<ITrainingProgress, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            return work(new ConsoleProgress(null));
        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx => work(new ConsoleProgress(ctx.AddTask(title, maxValue: 1))));
    }

    public void EpochStarted(int epoch, int epochs, int batches)
    {
        (_epochs, _batches, _lastPercentLogged) = (epochs, batches, 0);
        _done = (long)(epoch - 1) * batches;
        if (_doneAtStart < 0) { _doneAtStart = _done; _clock.Restart(); }
        if (_task is not null) _task.MaxValue = (double)epochs * batches;
    }

    public void BatchDone(int epoch, int batch, double loss)
    {
        _done++;
        if (_task is not null)
        {
            _task.Value = _done;
            _task.Description = $"epoch {epoch}/{_epochs} loss {loss:F3}";
            return;
        }
        int percent = (int)(100L * batch / _batches);
        if (percent / 25 != _lastPercentLogged / 25 || batch == _batches)
        {
            _lastPercentLogged = percent;
            Console.WriteLine($"  epoch {epoch}/{_epochs} {percent,3}% loss {loss:F3}  ETA {Eta()}");
        }
    }

    public void EpochDone(EpochMetrics m)
    {
        var line = $"epoch {m.Epoch}/{_epochs}: train loss {m.TrainLoss:F3} acc {m.TrainAccuracy:P2} | test loss {m.TestLoss:F3} acc {m.TestAccuracy:P2}" +
                   (m.ValidationAccuracy is { } v ? $" | val acc {v:P2}" : "") + $" | lr {m.LearningRate:G3} | {m.ImagesPerSecond:F0} img/s | ETA {Eta()}";
        if (_task is not null) AnsiConsole.MarkupLine(Markup.Escape(line)); else Console.WriteLine(line);
    }

    public void Message(string text)
    {
        if (_task is not null) AnsiConsole.MarkupLine("[grey]" + Markup.Escape(text) + "[/]"); else Console.WriteLine(text);
    }

    string Eta()
    {
        long total = (long)_epochs * _batches, doneHere = _done - Math.Max(0, _doneAtStart);
        if (doneHere <= 0) return "?";
        var remaining = TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds / doneHere * (total - _done));
        return remaining.ToString(remaining.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss");
    }
}
