using PruneLab.Data;
using PruneLab.Training;

namespace PruneLab.Notebooks;

/// <summary>
/// The dense network every method starts from, one per profile, under results/baseline/&lt;profile&gt;/. The tour
/// trains it; any later notebook that finds it missing trains it itself (resuming a run that was cut short).
/// </summary>
public static class SharedBaseline
{
    /// <summary>The baseline's configuration for a profile (see <see cref="RunProfile"/>).</summary>
    public static BaselineConfig For(string profile, int seed = 1, string device = "auto") => RunProfile.Check(profile) switch
    {
        // 2k images, one epoch: only proves the path works.
        RunProfile.Smoke => new BaselineConfig
        {
            Data = new DataOptions { Subset = 2_000, Seed = seed }, Device = device,
            Training = new TrainingOptions { Epochs = 1, BatchSize = 128, LearningRate = 0.05, Schedule = "cosine", WeightDecay = 5e-4, Seed = seed },
        },
        // Scaled for 2 CPU cores: VGG-16 at a quarter of the width, half of Fashion-MNIST, 8 epochs.
        RunProfile.Quick => new BaselineConfig
        {
            Data = new DataOptions { Subset = 30_000, Seed = seed }, Device = device,
            Training = new TrainingOptions { Epochs = 8, BatchSize = 128, LearningRate = 0.05, Schedule = "cosine", WeightDecay = 5e-4, Seed = seed },
        },
        // Li et al.'s baseline: VGG-16 on CIFAR-10, 160 epochs, batch 64, LR 0.1 divided by 10 at 50% and 75%.
        _ => new BaselineConfig
        {
            Dataset = "cifar10", Width = 1.0, Data = new DataOptions { Seed = seed }, Device = device,
            Training = new TrainingOptions { Seed = seed },
        },
    };

    public static string Folder(string profile) =>
        Path.Combine(DatasetLocator.FindRepoRoot() ?? Directory.GetCurrentDirectory(), "results", "baseline", RunProfile.Check(profile));

    /// <summary>The per-epoch metrics the profile's baseline run wrote so far (empty when none).</summary>
    public static IReadOnlyList<EpochMetrics> History(string profile) => MetricsHistory.Read(Folder(profile));

    /// <summary>Returns the profile's baseline, training (or finishing) it first when needed.</summary>
    public static BaselineResult Ensure(string profile, ITrainingProgress? progress = null, int seed = 1, string device = "auto")
    {
        var config = For(profile, seed, device);
        return BaselineRun.Ensure(config, Folder(profile), progress);
    }
}
