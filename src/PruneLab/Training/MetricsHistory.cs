using System.Text.Json;

namespace PruneLab.Training;

/// <summary>Reads a run folder's metrics.jsonl (one <see cref="EpochMetrics"/> per line), e.g. to redraw its curves.</summary>
public static class MetricsHistory
{
    public static IReadOnlyList<EpochMetrics> Read(string runFolder)
    {
        var path = Path.Combine(runFolder, Trainer.MetricsFile);
        return File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<EpochMetrics>(l, AtomicFile.JsonLine)!).ToList()
            : [];
    }
}
