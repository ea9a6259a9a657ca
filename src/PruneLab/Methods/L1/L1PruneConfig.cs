using System.Text.Json.Serialization;
using PruneLab.Data;
using PruneLab.Training;

namespace PruneLab.Methods.L1;

/// <summary>One L1-pruning experiment: which baseline, which plan, how filters are ranked, how the result is retrained.</summary>
public sealed record L1PruneConfig
{
    /// <summary>The trained baseline's checkpoint.</summary>
    public required string Checkpoint { get; init; }
    /// <summary>A preset (vgg16-A, resnet56-A/B, resnet110-A/B) or a custom plan (see <see cref="PruningPlan.Parse"/>).</summary>
    public required string Plan { get; init; }
    public RankingCriterion Criterion { get; init; } = RankingCriterion.L1;
    public CrossLayerScoring Scoring { get; init; } = CrossLayerScoring.Independent;
    public string Dataset { get; init; } = "fashion-mnist";
    public DataOptions Data { get; init; } = new();
    /// <summary>The paper's retraining: constant LR 0.001, 40 epochs, momentum 0.9, weight decay 1e-4. Zero epochs: prune only.</summary>
    public TrainingOptions Retrain { get; init; } = new() { Epochs = 40, BatchSize = 64, LearningRate = 1e-3, Schedule = "constant", WeightDecay = 1e-4 };
    public string Device { get; init; } = "auto";
    /// <summary>A reader's filter score in place of <see cref="Criterion"/>: its name, source hash and kit build, so a
    /// folder computed with other code is never reused. Absent from config.json when null (the paper's runs).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AblationStamp? Ablation { get; init; }
}

/// <summary>What an L1-pruning run writes as result.json. Params and ParamsCut count every parameter (batch norm
/// included); LayerParams counts conv and linear weights only, as the paper's table does.</summary>
public sealed record L1PruneResult(
    string Model, string Dataset, string Plan, string Criterion, string Scoring,
    double BaselineAccuracy, double PrunedAccuracy, double? RetrainedAccuracy, double? BestRetrainedAccuracy,
    long BaselineFlops, long Flops, long BaselineParams, long Params, long LayerParams, double FlopsCut, double ParamsCut,
    IReadOnlyDictionary<string, int> Widths, double Seconds, string Checkpoint);
