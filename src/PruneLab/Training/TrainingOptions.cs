namespace PruneLab.Training;

/// <summary>
/// SGD training settings. Defaults are Li et al.'s CIFAR baseline (160 epochs, LR 0.1 divided by 10 at 50% and 75%,
/// batch 64, momentum 0.9, weight decay 1e-4); profiles and methods override what they need.
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 160;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 0.1;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 1e-4;
    public bool Nesterov { get; init; }
    /// <summary>"step" (divide by <see cref="Gamma"/> at each milestone), "cosine", "linear" (to 0) or "constant".</summary>
    public string Schedule { get; init; } = "step";
    /// <summary>Milestones as fractions of <see cref="Epochs"/> (step schedule).</summary>
    public double[] Milestones { get; init; } = [0.5, 0.75];
    public double Gamma { get; init; } = 0.1;
    public double LabelSmoothing { get; init; }
    public int Seed { get; init; }

    public void Validate()
    {
        Require(Epochs >= 1, "--epochs must be at least 1");
        Require(BatchSize >= 1, "--batch-size must be at least 1");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), "--lr must be a positive number");
        Require(Momentum is >= 0 and < 1, "--momentum must be in [0, 1)");
        Require(WeightDecay >= 0, "--weight-decay must be >= 0");
        Require(LabelSmoothing is >= 0 and < 1, "--label-smoothing must be in [0, 1)");
        Require(Milestones.All(m => m is > 0 and < 1), "milestones must be fractions in (0, 1)");
        Require(LrSchedule.Names.Contains(Schedule), $"--schedule must be one of {string.Join(", ", LrSchedule.Names)}");
    }

    static void Require(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}
