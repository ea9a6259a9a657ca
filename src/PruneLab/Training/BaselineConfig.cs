using PruneLab.Data;

namespace PruneLab.Training;

/// <summary>
/// Training a dense baseline: the starting point of every method. Defaults are the kit's tour baseline
/// (a 0.25-wide VGG-16 on Fashion-MNIST, sized for a 2-core CPU); the paper profile uses width 1 on CIFAR-10.
/// </summary>
public sealed record BaselineConfig
{
    public string Model { get; init; } = "vgg16";
    public string Dataset { get; init; } = "fashion-mnist";
    /// <summary>Width multiplier applied to every layer of the model's base widths.</summary>
    public double Width { get; init; } = 0.25;
    /// <summary>Explicit per-site widths (e.g. a pruned architecture trained from scratch); overrides <see cref="Width"/>.</summary>
    public int[]? Widths { get; init; }
    public DataOptions Data { get; init; } = new();
    public TrainingOptions Training { get; init; } = new() { Epochs = 10, BatchSize = 128, LearningRate = 0.05, Schedule = "cosine", WeightDecay = 5e-4 };
    /// <summary>"auto" (CUDA when available), "cpu" or "cuda".</summary>
    public string Device { get; init; } = "auto";
}

/// <summary>The machine-readable result a baseline run writes as result.json.</summary>
public sealed record BaselineResult(
    string Model, string Dataset, double Width, long Flops, long Params,
    double TestAccuracy, double BestTestAccuracy, int BestEpoch, int Epochs, double Seconds,
    string Device, string Checkpoint, string BestCheckpoint);
