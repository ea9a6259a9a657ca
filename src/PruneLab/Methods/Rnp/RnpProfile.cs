using PruneLab.Data;
using PruneLab.Notebooks;
using PruneLab.Training;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// RNP's and RNR's settings per run profile. The MDP, reward and alternation never change; <c>quick</c> scales for a
/// 2-core CPU: the shared VGG-16 x0.25 baseline, 10k training images for the agent and the fine-tuning, fewer agent
/// batches, two rounds, three penalties; RNR on a ResNet-20 x0.5 trained briefly for it. <c>paper</c> keeps the
/// reported settings on CIFAR-10 (VGG-16 and ResNet-56, full width).
/// </summary>
public sealed record RnpProfile
{
    public required string Profile { get; init; }
    /// <summary>RNP's backbone: the profile's shared baseline.</summary>
    public required BaselineConfig Baseline { get; init; }
    /// <summary>The images the agent and the backbone fine-tuning see (the test set is always whole).</summary>
    public required DataOptions Data { get; init; }
    public required RnpOptions Options { get; init; }
    /// <summary>The penalty sweep; the run at <see cref="MainPenalty"/> gives the notebook's curves and galleries.</summary>
    public required double[] Penalties { get; init; }
    public required double MainPenalty { get; init; }
    /// <summary>RNR's backbone, trained for it (a CIFAR ResNet), its paths per block and penalty.</summary>
    public required BaselineConfig ResNetBaseline { get; init; }
    public int Paths { get; init; } = 3;
    public required double RnrPenalty { get; init; }
    public int LatencyImages { get; init; } = 200;
    /// <summary>Where the runs' folders go; default results/rnp/&lt;profile&gt;/ in the repository.</summary>
    public string? Root { get; init; }

    public static RnpProfile For(string profile, int seed = 1, string device = "auto")
    {
        var baseline = SharedBaseline.For(profile, seed, device);
        // Fine-tuning under routing (the paper gives no schedule): one epoch per round, LR 0.01 decaying to 0.
        var fineTune = new TrainingOptions { Epochs = 1, BatchSize = 128, LearningRate = 0.01, Schedule = "cosine", WeightDecay = 5e-4, Seed = seed };
        // Exploration around the full network: with epsilon from 1.0 a fragile narrow backbone breaks on nearly every
        // exploratory episode and a short run learns nothing useful (measured: 10% accuracy after 300 batches).
        var scaled = new RnpOptions
        {
            AgentBatches = 150, Rounds = 2, UpdatesPerBatch = 8, ReplayBatch = 256, TargetSync = 20, AgentLearningRate = 2e-3, MonteCarloMix = 0.5, FullPrior = 0.1,
            EpsilonStart = 0.1, EpsilonEnd = 0.02, EpsilonBatches = 100, FineTune = fineTune, Seed = seed,
        };
        var resnet = baseline with { Model = "resnet20", Width = 0.5 };
        return RunProfile.Check(profile) switch
        {
            RunProfile.Smoke => new RnpProfile
            {
                Profile = profile, Baseline = baseline, Data = new DataOptions { Subset = 1_000, Seed = seed },
                Options = scaled with { AgentBatches = 4, EpsilonBatches = 2, UpdatesPerBatch = 2, ReplayBatch = 64, Rounds = 1 },
                Penalties = [-0.01, -0.03], MainPenalty = -0.01, RnrPenalty = -0.02, LatencyImages = 8,
                ResNetBaseline = resnet with { Data = resnet.Data with { Subset = 1_000 }, Training = resnet.Training with { Epochs = 1 } },
            },
            RunProfile.Quick => new RnpProfile
            {
                Profile = profile, Baseline = baseline, Data = new DataOptions { Subset = 10_000, Seed = seed }, Options = scaled,
                Penalties = [-0.02, -0.05, -0.1], MainPenalty = -0.05, RnrPenalty = -0.05, LatencyImages = 100,
                ResNetBaseline = resnet with { Data = resnet.Data with { Subset = 10_000 }, Training = resnet.Training with { Epochs = 5 } },
            },
            // The reported settings: epsilon 1.0 -> 0.1, full-width networks on CIFAR-10, several rounds.
            _ => new RnpProfile
            {
                Profile = profile, Baseline = baseline, Data = new DataOptions { Seed = seed },
                Options = new RnpOptions { AgentBatches = 2_000, EpsilonBatches = 1_000, Rounds = 3, Seed = seed, FineTune = fineTune with { Epochs = 5 } },
                Penalties = [-0.005, -0.01, -0.02, -0.04, -0.08], MainPenalty = -0.02, RnrPenalty = -0.02, LatencyImages = 1_000,
                ResNetBaseline = resnet with { Model = "resnet56", Width = 1.0 },
            },
        };
    }

    public string Folder(string run) => Path.Combine(
        Root ?? Path.Combine(DatasetLocator.FindRepoRoot() ?? Directory.GetCurrentDirectory(), "results", "rnp", Profile), run);

    public static string PenaltyLabel(double p) => "p" + Math.Abs(p).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);

    public string BaselineFolder => SharedBaseline.Folder(Profile);
    public string ResNetBaselineFolder => Folder("resnet-baseline");

    /// <summary>RNP at penalty <paramref name="p"/> on the shared baseline.</summary>
    public RnpConfig Rnp(double p) => new()
    {
        Method = RnpMethods.Rnp, Checkpoint = Path.Combine(BaselineFolder, Trainer.LastCheckpoint), Dataset = Baseline.Dataset,
        Data = Data, Options = Options with { Penalty = p }, LatencyImages = LatencyImages, Device = Baseline.Device,
    };

    public RnpConfig Rnr() => new()
    {
        Method = RnpMethods.Rnr, Checkpoint = Path.Combine(ResNetBaselineFolder, Trainer.LastCheckpoint), Dataset = ResNetBaseline.Dataset,
        Data = Data, Options = Options with { Penalty = RnrPenalty }, Paths = Paths, LatencyImages = LatencyImages, Device = ResNetBaseline.Device,
    };

    /// <summary>The static network of a routing run's average cost, fine-tuned with the same backbone budget.</summary>
    public StaticConfig Static(RnpConfig routing, RnpResult result) => new()
    {
        Checkpoint = routing.Checkpoint, Dataset = routing.Dataset, Data = routing.Data, TargetFlops = (long)result.MeanFlops,
        InnerOnly = routing.Method == RnpMethods.Rnr, Device = routing.Device,
        FineTune = routing.Options.FineTune with { Epochs = routing.Options.FineTune.Epochs * routing.Options.Rounds },
    };

    /// <summary>
    /// The main penalty's RNP run with the reader's reward in place of the paper's: the same schedule and seeds, so only
    /// the reward differs; no latency timing.
    /// </summary>
    public RnpConfig Rnp(Ablation<RewardRule> reward)
    {
        var main = Rnp(MainPenalty);
        return main with { Options = main.Options with { RewardAblation = reward }, LatencyImages = 0 };
    }

    /// <summary>A routing run's folder: by method and penalty, or the reward ablation's own folder (named by its source) beside them.</summary>
    public string RunFolder(RnpConfig routing) => routing.Options.RewardAblation is { } ablation
        ? Folder(ablation.Folder)
        : Folder($"{routing.Method}-{PenaltyLabel(routing.Options.Penalty)}");
    public string StaticFolder(RnpConfig routing) => Folder($"static-{routing.Method}-{PenaltyLabel(routing.Options.Penalty)}");
}
