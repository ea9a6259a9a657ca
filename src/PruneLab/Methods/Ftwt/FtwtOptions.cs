using System.Text.Json.Serialization;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// Fire Together Wire Together's settings. Defaults are the paper's CIFAR recipe (summary in ../shared/papers/04):
/// heatmap-mass targets at threshold r, average pooling + channel softmax as the released code, decoupled training,
/// mask loss on for the first half of training, backbone SGD LR 1e-2 (wd 5e-4, x0.1 at epochs 81/122/151 of 200),
/// predictors SGD LR 0.1 without decay, batch 128.
/// </summary>
public sealed record FtwtOptions
{
    /// <summary>The heatmap-mass threshold r in (0, 1]: the share of each layer's activation mass the kept filters hold.</summary>
    public double Threshold { get; init; } = 0.92;
    /// <summary>"mass" (per-image k from r) or "uniform" (a fixed share <see cref="UniformKeep"/> of the filters).</summary>
    public string Target { get; init; } = FtwtTargets.Mass;
    public double UniformKeep { get; init; } = 0.5;
    /// <summary>A reader's target rule in place of <see cref="Target"/>'s (null: the paper's). Its code is not saved; its stamp is.</summary>
    [JsonIgnore]
    public Ablation<TargetRule>? TargetAblation { get; init; }
    /// <summary>
    /// What config.json records of <see cref="TargetAblation"/>: its name and hashes of its source and of the kit build,
    /// so a run folder made with other code never matches and is re-run. Absent for the paper's rules.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AblationStamp? TargetStamp => TargetAblation?.Stamp;
    /// <summary>"avg-softmax" (the released code) or "max" (the paper's text): how a predictor pools its input.</summary>
    public string Pooling { get; init; } = FtwtPooling.AverageSoftmax;
    /// <summary>"decoupled" (the mask loss trains only the predictors) or "joint" (it reaches the backbone too).</summary>
    public string Mode { get; init; } = FtwtModes.Decoupled;
    /// <summary>Weight w of the mean mask loss while it is on.</summary>
    public double MaskLossWeight { get; init; } = 1.0;
    /// <summary>Share of the training steps with the mask loss on (paper: the first half); afterwards only the task loss trains.</summary>
    public double MaskLossFraction { get; init; } = 0.5;
    /// <summary>The backbone's schedule (from the pretrained baseline).</summary>
    public TrainingOptions Training { get; init; } = new()
    {
        Epochs = 200, BatchSize = 128, LearningRate = 1e-2, WeightDecay = 5e-4, Milestones = [81 / 200.0, 122 / 200.0, 151 / 200.0],
    };
    public double PredictorLearningRate { get; init; } = 0.1;
    public double PredictorWeightDecay { get; init; }

    public void Validate()
    {
        Require(Threshold is > 0 and <= 1, $"--threshold {Threshold}: expected r in (0, 1] (1 drops only dead filters)");
        Require(Target is FtwtTargets.Mass or FtwtTargets.Uniform, $"--target '{Target}': expected {FtwtTargets.Mass} or {FtwtTargets.Uniform}");
        Require(UniformKeep is > 0 and <= 1, $"--keep {UniformKeep}: expected a fraction in (0, 1]");
        Require(Pooling is FtwtPooling.AverageSoftmax or FtwtPooling.Max, $"--pooling '{Pooling}': expected {FtwtPooling.AverageSoftmax} or {FtwtPooling.Max}");
        Require(Mode is FtwtModes.Decoupled or FtwtModes.Joint, $"--mode '{Mode}': expected {FtwtModes.Decoupled} or {FtwtModes.Joint}");
        Require(MaskLossWeight >= 0 && double.IsFinite(MaskLossWeight), $"--mask-weight {MaskLossWeight}: expected a number >= 0");
        Require(MaskLossFraction is >= 0 and <= 1, $"--mask-fraction {MaskLossFraction}: expected a share of training in [0, 1]");
        Require(PredictorLearningRate > 0 && double.IsFinite(PredictorLearningRate), $"--predictor-lr {PredictorLearningRate}: expected a positive number");
        Require(PredictorWeightDecay >= 0, "--predictor-weight-decay must be >= 0");
        Training.Validate();
    }

    /// <summary>The rule the targets come from: the ablation's, else heatmap mass or uniform as <see cref="Target"/> says.</summary>
    [JsonIgnore]
    public TargetRule Rule => TargetAblation?.Code ?? (Target == FtwtTargets.Mass ? TargetRules.HeatmapMass : TargetRules.Uniform(UniformKeep));

    /// <summary>The target rule on one site's output [N, C, H, W]: 0/1 targets [N, C] in the output's type.</summary>
    public Tensor Targets(Tensor output)
    {
        var targets = Rule(output, Threshold);
        long[] expected = [output.shape[0], output.shape[1]];
        if (targets is null || !targets.shape.SequenceEqual(expected))
            throw new ArgumentException($"the target rule{(TargetAblation is { } a ? $" '{a.Name}'" : "")} returned " +
                                        $"{(targets is null ? "null" : $"[{string.Join(", ", targets.shape)}]")}; expected one target per image and filter, [{string.Join(", ", expected)}].");
        return targets.to(output.device).ne(0).to(output.dtype); // a rule may build its targets on the CPU
    }

    /// <summary>The rule's name as results record it: "mass", "uniform" or the ablation's name.</summary>
    [JsonIgnore]
    public string TargetName => TargetAblation?.Name ?? Target;

    /// <summary>A short label, e.g. "r0.92-decoupled" (with an ablation: "r0.92-decoupled, its name").</summary>
    [JsonIgnore]
    public string Label => (Target == FtwtTargets.Mass ? "r" + Format(Threshold) : "u" + Format(UniformKeep)) + "-" + Mode +
                           (TargetAblation is { } a ? ", " + a.Name : "");

    static string Format(double v) => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    static void Require(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}

public static class FtwtTargets
{
    public const string Mass = "mass", Uniform = "uniform";
}

public static class FtwtPooling
{
    public const string AverageSoftmax = "avg-softmax", Max = "max";
}

public static class FtwtModes
{
    public const string Decoupled = "decoupled", Joint = "joint";
}
