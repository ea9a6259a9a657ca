using PruneLab.Data;
using PruneLab.Notebooks;
using PruneLab.Training;

namespace PruneLab.Methods.L1;

/// <summary>
/// The L1 notebook's settings per run profile. The algorithm never changes; <c>quick</c> scales the data (the
/// baseline's 30k-image subset), the width (the tour's 0.25-wide VGG-16) and the retraining (4 epochs instead of 40)
/// for a 2-core CPU; <c>paper</c> is Li et al.'s CIFAR-10 setting.
/// </summary>
public sealed record L1Profile
{
    public required string Profile { get; init; }
    public string Plan { get; init; } = "vgg16-A";
    public double[] SensitivityRatios { get; init; } = Sensitivity.DefaultRatios;
    public int SensitivityImages { get; init; } = 1_000;
    public required TrainingOptions Retrain { get; init; }
    /// <summary>The rankings compared at the same plan (claim 2): L1 first.</summary>
    public (RankingCriterion Criterion, CrossLayerScoring Scoring)[] Variants { get; init; } =
        [(RankingCriterion.L1, CrossLayerScoring.Independent), (RankingCriterion.L1, CrossLayerScoring.Greedy),
         (RankingCriterion.Random, CrossLayerScoring.Independent), (RankingCriterion.LargestFirst, CrossLayerScoring.Independent)];
    /// <summary>The residual part: a CIFAR ResNet baseline of its own and the plans applied to it.</summary>
    public required ResNetPart ResNet { get; init; }
    public int[] LatencyBatches { get; init; } = [1, 64];
    public double LatencySeconds { get; init; } = 1.0;

    public static L1Profile For(string profile, int seed = 1) => RunProfile.Check(profile) switch
    {
        RunProfile.Smoke => new L1Profile
        {
            Profile = profile, SensitivityRatios = [0.5], SensitivityImages = 200, LatencySeconds = 0.2,
            ResNet = new ResNetPart("resnet20", 0.5, ["stages=0.6,0.3,0.1"], Epochs(1, seed), Constant(epochs: 1, batch: 128, seed)),
            Retrain = Constant(epochs: 1, batch: 128, seed), Variants = [(RankingCriterion.L1, CrossLayerScoring.Independent), (RankingCriterion.Random, CrossLayerScoring.Independent)],
        },
        // ResNet-20 stands in for ResNet-56 (same blocks, 3 per stage instead of 9); the stage ratios are ResNet-56-B's.
        RunProfile.Quick => new L1Profile
        {
            Profile = profile, Retrain = Constant(epochs: 4, batch: 128, seed),
            ResNet = new ResNetPart("resnet20", 1.0, ["stages=0.6,0.3,0.1"], Epochs(4, seed), Constant(epochs: 2, batch: 128, seed)),
        },
        _ => new L1Profile
        {
            Profile = profile, SensitivityImages = 10_000, Retrain = Constant(epochs: 40, batch: 64, seed),
            ResNet = new ResNetPart("resnet56", 1.0, ["resnet56-A", "resnet56-B"], new TrainingOptions { Seed = seed }, Constant(epochs: 40, batch: 64, seed)),
        },
    };

    static TrainingOptions Epochs(int epochs, int seed) =>
        new() { Epochs = epochs, BatchSize = 128, LearningRate = 0.05, Schedule = "cosine", WeightDecay = 5e-4, Seed = seed };

    /// <summary>The paper's retraining: constant LR 0.001, momentum 0.9, weight decay 1e-4.</summary>
    static TrainingOptions Constant(int epochs, int batch, int seed) =>
        new() { Epochs = epochs, BatchSize = batch, LearningRate = 1e-3, Schedule = "constant", WeightDecay = 1e-4, Seed = seed };

    public L1PruneConfig Config(BaselineResult baseline, BaselineConfig baselineConfig, RankingCriterion criterion, CrossLayerScoring scoring) => new()
    {
        Checkpoint = baseline.Checkpoint, Plan = Plan, Criterion = criterion, Scoring = scoring,
        Dataset = baselineConfig.Dataset, Data = baselineConfig.Data, Retrain = Retrain, Device = baselineConfig.Device,
    };

    /// <summary>The ResNet baseline, trained on the same data as the VGG one (or reused when already there).</summary>
    public BaselineResult ResNetBaseline(BaselineConfig vggBaseline, ITrainingProgress? progress = null)
    {
        var config = vggBaseline with { Model = ResNet.Model, Width = ResNet.Width, Widths = null, Training = ResNet.Training };
        return BaselineRun.Ensure(config, Folder(ResNet.Model + "-baseline"), progress);
    }

    public L1PruneConfig ResNetConfig(BaselineResult resnetBaseline, BaselineConfig vggBaseline, string plan) => new()
    {
        Checkpoint = resnetBaseline.Checkpoint, Plan = plan, Dataset = vggBaseline.Dataset, Data = vggBaseline.Data,
        Retrain = ResNet.Retrain, Device = vggBaseline.Device,
    };

    public string Folder(string run) =>
        Path.Combine(DatasetLocator.FindRepoRoot() ?? Directory.GetCurrentDirectory(), "results", "l1", Profile, run);

    /// <summary>The pruned architecture trained from random init with the baseline's own schedule ("scratch-train").</summary>
    public BaselineResult ScratchTrain(BaselineConfig baselineConfig, int[] widths, ITrainingProgress? progress = null)
    {
        var config = baselineConfig with { Widths = widths };
        return BaselineRun.Ensure(config, Folder("scratch-" + Plan), progress);
    }
}

/// <summary>The residual network of the L1 study: model, width, the plans tried, its baseline's training and the retraining.</summary>
public sealed record ResNetPart(string Model, double Width, string[] Plans, TrainingOptions Training, TrainingOptions Retrain);
