using PruneLab.Data;
using PruneLab.Training;

namespace PruneLab.Methods.Ftwt;

/// <summary>One FTWT experiment: the trained baseline it starts from, the data it trains on, the method's settings.</summary>
public sealed record FtwtConfig
{
    /// <summary>The trained dense network (a checkpoint of the kit): VGG-16, a CIFAR ResNet or MobileNetV2.</summary>
    public required string Checkpoint { get; init; }
    public string Dataset { get; init; } = DatasetInfo.FashionMnistName;
    public DataOptions Data { get; init; } = new();
    public FtwtOptions Options { get; init; } = new();
    /// <summary>
    /// Test images evaluated after each epoch for the training curves (0: all of them); the reported accuracy and FLOPs
    /// always come from the whole test set after training.
    /// </summary>
    public int MonitorImages { get; init; } = 2_000;
    /// <summary>Test images timed one at a time by the latency measurement (0: none; MobileNetV2 is never timed).</summary>
    public int LatencyImages { get; init; } = 100;
    public string Device { get; init; } = "auto";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Checkpoint)) throw new ArgumentException("--checkpoint is required: a trained baseline (prunelab train).");
        if (LatencyImages < 0) throw new ArgumentException($"--latency-images {LatencyImages}: expected 0 or more.");
        if (MonitorImages < 0) throw new ArgumentException($"--monitor-images {MonitorImages}: expected 0 (the whole test set) or more.");
        Options.Validate();
    }
}

/// <summary>
/// The cost predicted before any predictor is trained: the target rule run on the pretrained network over the
/// training images (no masks applied), counted with the same per-image rule as the measurement.
/// </summary>
public sealed record FtwtEstimate(double Threshold, string Target, int Images, long DenseFlops, double MeanFlops, double[] KeptShare, double Seconds)
{
    public double Reduction => 1 - MeanFlops / DenseFlops;
}

/// <summary>
/// Batch-1 latency per image on the same test images, measured in one interleaved run, beside the theoretical ratio:
/// dense FLOPs over the images' FLOPs counted as the paper (plus the predictors'). The engine executes somewhat more
/// than that count where a residual stream stays dense (a ResNet or MobileNetV2 block reads every channel of its
/// input; see <see cref="PruneLab.Models.SlicedExecution"/>).
/// </summary>
public sealed record GatedLatency(int Images, double DenseMs, double GatedMs, double ConvsOnlyMs, double DenseFlops, double MeanGatedFlops, bool SameMasks)
{
    /// <summary>The ordinary dense module over gated inference (predictors included).</summary>
    public double Speedup => DenseMs / GatedMs;
    /// <summary>Dense over the mean cost with the predictors: what the clock could show at best.</summary>
    public double FlopsSpeedup => DenseFlops / MeanGatedFlops;
    public double PredictorMs => GatedMs - ConvsOnlyMs;
    public double ShareOfTheoretical => Speedup / FlopsSpeedup;
}

/// <summary>What an FTWT run reports (result.json).</summary>
public sealed record FtwtResult(
    string Label, string Model, double Threshold, string Target, string Mode, string Pooling,
    double BaselineAccuracy, double Accuracy, long DenseFlops, FtwtEstimate Estimate, double MeanFlops, double ExecutedFlops,
    long PredictorMacs, double[] KeptShare, GatedLatency? Latency, IReadOnlyList<EpochMetrics> History, double Seconds, string Checkpoint)
{
    /// <summary>1 - average per-image FLOPs / dense, counted as the paper (predictors not included).</summary>
    public double Reduction => 1 - MeanFlops / DenseFlops;
    public double EstimatedReduction => Estimate.Reduction;
    /// <summary>The same with the predictors' own multiply-accumulates added.</summary>
    public double ReductionWithPredictors => 1 - (MeanFlops + PredictorMacs) / DenseFlops;
}

/// <summary>Every test image's kept filters per site, prediction and cost (masks.json beside result.json).</summary>
public sealed record MaskRecord(int[][] Kept, double[] Flops, int[] Predictions, long[] Labels, int[] SiteChannels, string[] SiteNames);
