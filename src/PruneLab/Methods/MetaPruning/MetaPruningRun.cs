using System.Diagnostics;
using PruneLab.Data;
using PruneLab.Models;
using PruneLab.Runtime;
using PruneLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Methods.MetaPruning;

/// <summary>
/// MetaPruning's phases, each in its own run folder with config.json and result.json, each skipped when its folder
/// already holds a finished run of the same configuration and resumed when it was cut short:
/// train the PruningNet, search under a budget, train the winner and the uniform baseline from scratch, and check how
/// well PruningNet accuracy ranks networks. The CLI and notebook 02 both call these.
/// </summary>
public static class MetaPruningRun
{
    public const string SnapshotFile = "snapshot.json";

    /// <summary>The search space of a PruningNet configuration (no data or weights needed).</summary>
    public static EncodingSpace Space(PruningNetConfig config)
    {
        var info = DatasetInfo.ForName(config.Dataset);
        var spec = ModelCatalog.DefaultSpec(config.Model, info.Channels, info.Height, info.NumClasses, config.Width);
        return new EncodingSpace(Architecture.Of(spec), WidthChoices.Parse(config.Choices));
    }

    /// <summary>The encoding whose every gene is the middle choice: the one the training curve follows.</summary>
    public static int[] ReferenceEncoding(EncodingSpace space) => space.All(space.Choices.Count / 2);

    public static PruningNetResult EnsurePruningNet(PruningNetConfig config, string folder, ITrainingProgress? progress = null) =>
        ExperimentFolder.Finished<PruningNetResult>(folder, config)
        ?? TrainPruningNet(config, folder, progress, resume: ExperimentFolder.Matches(folder, config));

    /// <summary>Stochastic training: every mini-batch runs one SGD step of the network of a freshly drawn random encoding.</summary>
    public static PruningNetResult TrainPruningNet(PruningNetConfig config, string folder, ITrainingProgress? progress = null, bool resume = false)
    {
        config.Validate();
        progress ??= SilentProgress.Instance;
        var device = DeviceChoice.Resolve(config.Device);
        var space = Space(config);
        Directory.CreateDirectory(folder);
        if (resume && File.Exists(Path.Combine(folder, ExperimentFolder.ConfigFile)) && !ExperimentFolder.Matches(folder, config))
            throw new ArgumentException($"{folder} holds a PruningNet of another configuration; use another folder.");
        using var data = DatasetCatalog.Load(config.Dataset, config.Data);
        manual_seed(config.Training.Seed);
        using var net = new PruningNet(space, config.Hidden);
        long generatorParams = net.ParameterCount();
        var reference = ReferenceEncoding(space);
        progress.Message($"PruningNet over {space.Dense.Spec.Family}: {space.Genes.Count} genes x {space.Choices.Count} choices, " +
                         $"{generatorParams:N0} parameters; {data.Train.Count} train / {data.Validation!.Count} validation images on {device.type}");
        AtomicFile.WriteJson(Path.Combine(folder, ExperimentFolder.ConfigFile), new { config, dense = space.Dense.Spec, environment = RunEnvironment.Describe(device) });

        var fitness = new CandidateFitness(net, data.Train, data.Validation, device, config.RecalibrationBatches, config.Training.Seed);
        var trainer = new Trainer(net, config.Training, device)
        {
            BeforeBatch = (epoch, batch) => net.Use(space.Random(new Random(HashCode.Combine(config.Training.Seed, epoch, batch)))),
            // The curve follows one fixed network (every layer at the middle width), rebuilt from the generators each epoch.
            Evaluate = set => fitness.Evaluate(reference, set),
        };
        var clock = Stopwatch.StartNew();
        var training = trainer.Run(data.Train, data.Test, folder, progress, resume);
        var result = new PruningNetResult(space.Dense.Spec.Family, data.Info.Name, space.DenseFlops, space.Genes.Count, space.Choices.Count,
            generatorParams, training.FinalAccuracy, EncodingSpace.Key(reference), training.Seconds, Path.Combine(folder, Trainer.LastCheckpoint));
        AtomicFile.WriteJson(Path.Combine(folder, ExperimentFolder.ResultFile), result);
        return result;
    }

    /// <summary>The trained PruningNet of a finished phase-1 folder.</summary>
    public static PruningNet LoadPruningNet(PruningNetConfig config, string folder, Device device)
    {
        var path = Path.Combine(folder, Trainer.LastCheckpoint);
        var net = new PruningNet(Space(config), config.Hidden);
        try
        {
            Checkpoint.LoadInto(path, net);
        }
        catch
        {
            net.Dispose();
            throw;
        }
        net.to(device);
        return net;
    }

    public static SearchResult EnsureSearch(SearchConfig config, string folder, string pruningNetFolder,
        Action<GenerationStats, IReadOnlyList<Candidate>>? progress = null, CancellationToken cancel = default, Ablation<Mutation>? mutation = null) =>
        ExperimentFolder.Finished<SearchResult>(folder, config) ?? Search(config, folder, pruningNetFolder, progress, cancel, mutation);

    /// <summary>
    /// The evolutionary search with PruningNet fitness; resumes from the folder's snapshot when it has one of this
    /// configuration. <paramref name="mutation"/>, a reader's, replaces the paper's; the config must then carry its
    /// stamp (<see cref="SearchConfig.Mutation"/>), which keys the folder to that code.
    /// </summary>
    public static SearchResult Search(SearchConfig config, string folder, string pruningNetFolder,
        Action<GenerationStats, IReadOnlyList<Candidate>>? progress = null, CancellationToken cancel = default, Ablation<Mutation>? mutation = null)
    {
        if (config.Mutation != mutation?.Stamp)
            throw new ArgumentException(mutation is null
                ? $"the config names the mutation {config.Mutation!.Name} but no mutation was given."
                : $"the mutation {mutation.Name} is not stamped in the config (set SearchConfig.Mutation = its Stamp).");
        config.PruningNet.Validate();
        config.Search.Validate();
        if (!ExperimentFolder.Matches(pruningNetFolder, config.PruningNet) || !File.Exists(Path.Combine(pruningNetFolder, ExperimentFolder.ResultFile)))
            throw new ArgumentException($"{pruningNetFolder} holds no finished PruningNet of this configuration; train it first (prunelab meta train).");
        var device = DeviceChoice.Resolve(config.PruningNet.Device);
        Directory.CreateDirectory(folder);
        var snapshot = Path.Combine(folder, SnapshotFile);
        if (!ExperimentFolder.Matches(folder, config))
        {
            // Another search's state and result: this one starts over, and a cut run never leaves the old result behind.
            File.Delete(snapshot);
            File.Delete(Path.Combine(folder, ExperimentFolder.ResultFile));
        }
        AtomicFile.WriteJson(Path.Combine(folder, ExperimentFolder.ConfigFile), new { config, environment = RunEnvironment.Describe(device) });

        using var data = DatasetCatalog.Load(config.PruningNet.Dataset, config.PruningNet.Data);
        using var net = LoadPruningNet(config.PruningNet, pruningNetFolder, device);
        var fitness = new CandidateFitness(net, data.Train, data.Validation!, device, config.PruningNet.RecalibrationBatches, config.PruningNet.Training.Seed);
        var result = new EvolutionarySearch(net.Space, config.Budget, config.Search, mutation).Run(fitness.Error, snapshot, progress, cancel);
        AtomicFile.WriteJson(Path.Combine(folder, ExperimentFolder.ResultFile), result);
        return result;
    }

    /// <summary>The best encoding and the uniformly narrowed network of at most the same FLOPs, both trained from scratch with one schedule.</summary>
    public static (BaselineResult Searched, BaselineResult Uniform, double Multiplier) Final(
        EncodingSpace space, SearchResult search, BaselineConfig schedule, string searchedFolder, string uniformFolder,
        ITrainingProgress? searchedProgress = null, ITrainingProgress? uniformProgress = null)
    {
        var widths = space.Widths(search.Best.Encoding);
        var (multiplier, uniform) = space.UniformAt(search.Best.Flops);
        var searched = BaselineRun.Ensure(schedule with { Widths = widths }, searchedFolder, searchedProgress);
        var scaled = BaselineRun.Ensure(schedule with { Widths = uniform }, uniformFolder, uniformProgress);
        return (searched, scaled, multiplier);
    }

    public static CorrelationResult EnsureCorrelation(CorrelationConfig config, SearchResult search, EncodingSpace space, string folder, ITrainingProgress? progress = null) =>
        ExperimentFolder.Finished<CorrelationResult>(folder, config) ?? Correlate(config, search, space, folder, progress);

    /// <summary>
    /// Candidates spread evenly over the search's ranking (best to worst), each trained briefly from scratch; Spearman's
    /// rank correlation between their PruningNet accuracy and their trained accuracy. Each sample's run is kept and reused.
    /// </summary>
    public static CorrelationResult Correlate(CorrelationConfig config, SearchResult search, EncodingSpace space, string folder, ITrainingProgress? progress = null)
    {
        if (config.Samples < 3) throw new ArgumentException("--samples must be at least 3 for a rank correlation.");
        var clock = Stopwatch.StartNew();
        var ranked = search.Ranked.ToArray();
        int n = Math.Min(config.Samples, ranked.Length);
        var picked = Enumerable.Range(0, n).Select(i => ranked[(int)Math.Round(i * (ranked.Length - 1.0) / Math.Max(1, n - 1))]).Distinct().ToArray();
        Directory.CreateDirectory(folder);
        AtomicFile.WriteJson(Path.Combine(folder, ExperimentFolder.ConfigFile), new { config });
        var samples = picked.Select((c, i) =>
        {
            var trained = BaselineRun.Ensure(config.Training with { Widths = space.Widths(c.Encoding) }, Path.Combine(folder, $"sample{i:00}"), progress);
            return new CorrelationSample(c.Key, c.Flops, c.Accuracy, trained.TestAccuracy);
        }).ToArray();
        var rho = samples.Length >= 2
            ? RankCorrelation.Spearman(samples.Select(s => s.PruningNetAccuracy).ToArray(), samples.Select(s => s.TrainedAccuracy).ToArray())
            : double.NaN;
        var result = new CorrelationResult(rho, samples, clock.Elapsed.TotalSeconds);
        AtomicFile.WriteJson(Path.Combine(folder, ExperimentFolder.ResultFile), result);
        return result;
    }
}
