namespace PruneLab.Training;

/// <summary>One line of metrics.jsonl.</summary>
public sealed record EpochMetrics(
    int Epoch, double LearningRate, double TrainLoss, double TrainAccuracy,
    double TestLoss, double TestAccuracy, double? ValidationAccuracy, double Seconds, double ImagesPerSecond)
{
    /// <summary>A method's own per-epoch figures (<see cref="Trainer.EpochExtras"/>), absent for plain training.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, double>? Extras { get; init; }
}

/// <summary>What a finished (or resumed-and-finished) training run reports.</summary>
public sealed record TrainingResult(
    double FinalAccuracy, double BestAccuracy, int BestEpoch, int Epochs, double Seconds,
    IReadOnlyList<EpochMetrics> History, string? CheckpointPath);
