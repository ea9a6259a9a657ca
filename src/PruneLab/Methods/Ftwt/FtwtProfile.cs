using PruneLab.Data;
using PruneLab.Notebooks;
using PruneLab.Training;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// FTWT's settings per run profile. The predictors, targets, losses, decoupling and the two optimizers never change;
/// <c>quick</c> scales for a 2-core CPU: the shared VGG-16 x0.25 baseline, 8k training images, 5 epochs instead of 200
/// (the mask loss on for the first half, as the paper), a threshold sweep in decoupled mode and three thresholds in
/// joint mode, max pooling (see below). <c>paper</c> keeps the reported recipe on CIFAR-10 VGG-16 (200 epochs, batch 128).
/// </summary>
public sealed record FtwtProfile
{
    public required string Profile { get; init; }
    public required BaselineConfig Baseline { get; init; }
    /// <summary>The images FTWT trains on and estimates over (the test set is always whole).</summary>
    public required DataOptions Data { get; init; }
    public required FtwtOptions Options { get; init; }
    /// <summary>Thresholds r run in decoupled mode, and those run in joint mode too.</summary>
    public required double[] Thresholds { get; init; }
    public required double[] JointThresholds { get; init; }
    /// <summary>The run whose curves, distributions and galleries the notebook shows.</summary>
    public required double MainThreshold { get; init; }
    public int LatencyImages { get; init; } = 100;
    /// <summary>Width of the VGG-16 the recorded masks are replayed on for a compute-bound latency (0: none).</summary>
    public double ReplayWidth { get; init; } = 1.0;
    /// <summary>Where the runs' folders go; default results/ftwt/&lt;profile&gt;/ in the repository.</summary>
    public string? Root { get; init; }

    public static FtwtProfile For(string profile, int seed = 1, string device = "auto")
    {
        var baseline = SharedBaseline.For(profile, seed, device);
        var paper = new FtwtOptions();
        // Scaled schedule: the backbone's step decay at the paper's fractions of training, over 5 epochs. Pooling is the
        // paper text's max: the released code's softmax over channels feeds each predictor inputs of about 1/C, so its
        // weights learn about C times slower; over 200 epochs that is harmless, over the ~150 mask-loss steps here it
        // learns nothing (measured on 4k images, 4 epochs, r 0.92: mask loss 0.68, chance is 0.69; max pooling: 0.48).
        var scaled = paper with { Pooling = FtwtPooling.Max, Training = paper.Training with { Epochs = 5, Seed = seed } };
        return RunProfile.Check(profile) switch
        {
            RunProfile.Smoke => new FtwtProfile
            {
                Profile = profile, Baseline = baseline, Data = new DataOptions { Subset = 1_000, Seed = seed },
                Options = scaled with { Training = scaled.Training with { Epochs = 1 } },
                Thresholds = [1.0, 0.9], JointThresholds = [0.9], MainThreshold = 0.9, LatencyImages = 8, ReplayWidth = 0.5,
            },
            RunProfile.Quick => new FtwtProfile
            {
                Profile = profile, Baseline = baseline, Data = new DataOptions { Subset = 8_000, Seed = seed }, Options = scaled,
                Thresholds = [1.0, 0.95, 0.92, 0.88, 0.85], JointThresholds = [0.95, 0.92, 0.85], MainThreshold = 0.92, LatencyImages = 50,
            },
            _ => new FtwtProfile
            {
                Profile = profile, Baseline = baseline, Data = new DataOptions { Seed = seed },
                Options = paper with { Training = paper.Training with { Seed = seed } },
                Thresholds = [1.0, 0.95, 0.92, 0.88, 0.85], JointThresholds = [1.0, 0.95, 0.92, 0.88, 0.85], MainThreshold = 0.92,
                LatencyImages = 1_000,
            },
        };
    }

    public string Folder(string run) => Path.Combine(
        Root ?? Path.Combine(DatasetLocator.FindRepoRoot() ?? Directory.GetCurrentDirectory(), "results", "ftwt", Profile), run);

    public string BaselineFolder => SharedBaseline.Folder(Profile);

    public FtwtConfig Config(double threshold, string mode) => new()
    {
        Checkpoint = Path.Combine(BaselineFolder, Trainer.LastCheckpoint), Dataset = Baseline.Dataset, Data = Data,
        Options = Options with { Threshold = threshold, Mode = mode }, LatencyImages = LatencyImages, Device = Baseline.Device,
    };

    /// <summary>
    /// The main threshold's decoupled run with the reader's target rule in place of the paper's: the same schedule and
    /// seed, so only the rule differs; no latency timing.
    /// </summary>
    public FtwtConfig Config(Ablation<TargetRule> targets)
    {
        var main = Config(MainThreshold, FtwtModes.Decoupled);
        return main with { Options = main.Options with { TargetAblation = targets }, LatencyImages = 0 };
    }

    /// <summary>A run's folder: by its label, or the target ablation's own folder (named by its source) beside them.</summary>
    public string RunFolder(FtwtConfig config) => Folder(config.Options.TargetAblation is { } ablation ? ablation.Folder : config.Options.Label);

    /// <summary>Every run of the sweep: decoupled at each threshold, then joint at its thresholds.</summary>
    public IEnumerable<FtwtConfig> Sweep() =>
        Thresholds.Select(r => Config(r, FtwtModes.Decoupled)).Concat(JointThresholds.Select(r => Config(r, FtwtModes.Joint)));
}
