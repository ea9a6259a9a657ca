using PruneLab.Data;
using PruneLab.Notebooks;
using PruneLab.Training;

namespace PruneLab.Methods.MetaPruning;

/// <summary>
/// MetaPruning's settings per run profile. The algorithm never changes; <c>quick</c> scales for a 2-core CPU: the
/// shared baseline's data (30k Fashion-MNIST images, 2.5k of them held out for the search) and network (VGG-16 x0.25),
/// fewer PruningNet epochs, and a population and generation count cut in the paper's proportions
/// (parents 1/5 of the population, half the children by mutation, half by crossover). <c>paper</c> is the published search.
/// </summary>
public sealed record MetaProfile
{
    public required string Profile { get; init; }
    public required PruningNetConfig PruningNet { get; init; }
    /// <summary>A fraction of the dense FLOPs or an absolute count (see <see cref="FlopsBudget"/>).</summary>
    public string Budget { get; init; } = "0.4";
    public required SearchOptions Search { get; init; }
    /// <summary>The schedule both final networks are trained with from scratch: the shared baseline's, so the dense network is comparable too.</summary>
    public required BaselineConfig Final { get; init; }
    public int CorrelationSamples { get; init; } = 8;
    /// <summary>The short real training of the correlation check.</summary>
    public required BaselineConfig CorrelationTraining { get; init; }

    public static MetaProfile For(string profile, int seed = 1, string device = "auto")
    {
        var baseline = SharedBaseline.For(profile, seed, device);
        // The search's validation split: every candidate is scored on all of it, so quick keeps it at 2.5k images.
        var data = baseline.Data with { ValidationCount = profile switch { RunProfile.Smoke => 500, RunProfile.Quick => 2_500, _ => 5_000 } };
        // The official ResNet recipe: batch 256, LR 0.1 decaying linearly to 0, label smoothing 0.1.
        TrainingOptions Stochastic(int epochs, double lr) => new()
        {
            Epochs = epochs, BatchSize = 256, LearningRate = lr, Schedule = "linear", LabelSmoothing = 0.1, WeightDecay = 1e-4, Seed = seed,
        };
        var net = new PruningNetConfig
        {
            Model = baseline.Model, Width = baseline.Width, Dataset = baseline.Dataset, Data = data, Device = device,
        };
        return RunProfile.Check(profile) switch
        {
            RunProfile.Smoke => new MetaProfile
            {
                Profile = profile, PruningNet = net with { Training = Stochastic(1, 0.1), RecalibrationBatches = 2 },
                Search = new SearchOptions { Population = 6, Parents = 2, Mutations = 2, Crossovers = 2, Generations = 2, Seed = seed },
                Final = baseline, CorrelationSamples = 3, CorrelationTraining = baseline,
            },
            RunProfile.Quick => new MetaProfile
            {
                Profile = profile, PruningNet = net with { Training = Stochastic(12, 0.1), RecalibrationBatches = 4 },
                Search = new SearchOptions { Population = 20, Parents = 4, Mutations = 8, Crossovers = 8, Generations = 10, Seed = seed },
                Final = baseline, CorrelationSamples = 8,
                CorrelationTraining = baseline with { Data = baseline.Data with { Subset = 10_000 }, Training = baseline.Training with { Epochs = 2 } },
            },
            // MetaPruning's search as published, on the paper profile's baseline (VGG-16, CIFAR-10); PruningNet epochs as the ResNet recipe.
            _ => new MetaProfile
            {
                Profile = profile, PruningNet = net with { Training = Stochastic(32, 0.1) },
                Search = new SearchOptions { Seed = seed }, Final = baseline, CorrelationSamples = 10,
                CorrelationTraining = baseline with { Training = baseline.Training with { Epochs = 10 } },
            },
        };
    }

    /// <summary>Where the phases' folders go; default results/metapruning/&lt;profile&gt;/ in the repository.</summary>
    public string? Root { get; init; }

    public string Folder(string run) => Path.Combine(
        Root ?? Path.Combine(DatasetLocator.FindRepoRoot() ?? Directory.GetCurrentDirectory(), "results", "metapruning", Profile), run);

    public string PruningNetFolder => Folder("pruningnet");

    public SearchConfig SearchConfig(EncodingSpace space) => new()
    {
        PruningNet = PruningNet, Budget = FlopsBudget.Parse(Budget, space.DenseFlops), Search = Search,
    };

    /// <summary>A budget's phase folder: "search", "final-searched", "final-uniform" or "correlation", then e.g. "-flops40".</summary>
    public string PhaseFolder(string phase, SearchConfig search, EncodingSpace space) =>
        Folder(phase + "-" + FlopsBudget.Label(search.Budget, space.DenseFlops));

    public CorrelationConfig CorrelationConfig(SearchConfig search) => new()
    {
        Search = search, Samples = CorrelationSamples, Training = CorrelationTraining,
    };
}
