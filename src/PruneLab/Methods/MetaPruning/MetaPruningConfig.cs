using System.Text.Json.Serialization;
using PruneLab.Data;
using PruneLab.Training;

namespace PruneLab.Methods.MetaPruning;

/// <summary>Training the PruningNet: which network family it generates, on which data, with which schedule.</summary>
public sealed record PruningNetConfig
{
    public string Model { get; init; } = "vgg16";
    /// <summary>Width multiplier of the largest network (the search space's 1.0).</summary>
    public double Width { get; init; } = 0.25;
    public string Dataset { get; init; } = "fashion-mnist";
    /// <summary>Must hold out a validation split: the search scores candidates on it, never on the test set.</summary>
    public DataOptions Data { get; init; } = new() { ValidationCount = 5_000 };
    /// <summary>Width grid "min:max:step" (MetaPruning: 0.1:1:0.03, 31 choices).</summary>
    public string Choices { get; init; } = "0.1:1:0.03";
    /// <summary>Hidden width of each weight generator (MetaPruning: 32).</summary>
    public int Hidden { get; init; } = 32;
    /// <summary>The official recipe's shape: label smoothing 0.1 and linear decay to 0.</summary>
    public TrainingOptions Training { get; init; } = new()
    {
        Epochs = 32, BatchSize = 128, LearningRate = 0.1, Schedule = "linear", LabelSmoothing = 0.1, WeightDecay = 1e-4,
    };
    /// <summary>Training batches used to re-estimate batch-norm statistics of a sampled network before it is scored.</summary>
    public int RecalibrationBatches { get; init; } = 10;
    public string Device { get; init; } = "auto";

    public void Validate()
    {
        Training.Validate();
        if (Data.ValidationCount < 1)
            throw new ArgumentException("MetaPruning needs a validation split held out from training (DataOptions.ValidationCount, --validation).");
        if (RecalibrationBatches < 1) throw new ArgumentException("--recalibration-batches must be at least 1.");
        _ = WidthChoices.Parse(Choices);
    }
}

/// <summary>What training the PruningNet writes as result.json.</summary>
public sealed record PruningNetResult(
    string Model, string Dataset, long DenseFlops, int Genes, int Choices, long GeneratorParams,
    double ReferenceAccuracy, string ReferenceEncoding, double Seconds, string Checkpoint);

/// <summary>One search: the trained PruningNet, the budget (absolute FLOPs) and the evolution's settings.</summary>
public sealed record SearchConfig
{
    public required PruningNetConfig PruningNet { get; init; }
    public required long Budget { get; init; }
    public SearchOptions Search { get; init; } = new();
    /// <summary>A reader's mutation in place of the paper's: its name, source hash and kit build, so a folder searched
    /// with other code is never reused or resumed. Absent from config.json when null (the paper's search).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AblationStamp? Mutation { get; init; }
}

/// <summary>The rank-correlation check: a spread of the search's candidates, each trained briefly for real.</summary>
public sealed record CorrelationConfig
{
    public required SearchConfig Search { get; init; }
    public int Samples { get; init; } = 8;
    /// <summary>The short real training each sampled network gets (from scratch).</summary>
    public required BaselineConfig Training { get; init; }
}

/// <summary>One sampled network of the correlation check.</summary>
public sealed record CorrelationSample(string Encoding, long Flops, double PruningNetAccuracy, double TrainedAccuracy);

public sealed record CorrelationResult(double Spearman, CorrelationSample[] Samples, double Seconds);
