using System.Diagnostics;
using System.Text.Json;
using PruneLab.Bench;
using PruneLab.Cost;
using PruneLab.Data;
using PruneLab.Models;
using PruneLab.Runtime;
using PruneLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// A whole FTWT experiment in one run folder: the FLOPs estimate from the pretrained baseline and r alone
/// (estimate.json), training of backbone and predictors from that baseline (the shared <see cref="Trainer"/>: last.ckpt,
/// metrics.jsonl, resumable per epoch), the test set under the predicted masks (masks.json), batch-1 latency of the gated
/// engine beside the dense network, and result.json. A finished run with the same configuration is skipped.
/// </summary>
public static class FtwtRun
{
    public const string EstimateFile = "estimate.json", MasksFile = "masks.json";
    /// <summary>Keys of the per-epoch extras in metrics.jsonl.</summary>
    public const string TaskLossKey = "task_loss", MaskLossKey = "mask_loss", MaskWeightKey = "mask_weight",
        TrainKeptKey = "train_kept", TestFlopsKey = "test_flops_ratio";

    public static FtwtResult Ensure(FtwtConfig config, string folder, ITrainingProgress? progress = null) =>
        ExperimentFolder.Finished<FtwtResult>(folder, config) ?? Run(config, folder, progress);

    public static FtwtResult Run(FtwtConfig config, string folder, ITrainingProgress? progress = null)
    {
        config.Validate();
        progress ??= SilentProgress.Instance;
        var device = DeviceChoice.Resolve(config.Device);
        var options = config.Options;
        Directory.CreateDirectory(folder);
        bool resume = ExperimentFolder.Matches(folder, config);
        if (!resume) Clear(folder);
        AtomicFile.WriteJson(Path.Combine(folder, ExperimentFolder.ConfigFile), new { config, environment = RunEnvironment.Describe(device) });

        using var data = DatasetCatalog.Load(config.Dataset, config.Data);
        using var baseline = LoadBaseline(config, data.Test.Info, device);
        double baselineAccuracy = Evaluator.Evaluate(baseline, data.Test, device).Accuracy;
        var clock = Stopwatch.StartNew();

        var (net, _) = Checkpoint.Load(config.Checkpoint, device);
        manual_seed(options.Training.Seed); // the predictors' initial weights
        using var gated = new GatedNet(net, options);
        gated.to(device);
        var estimate = EnsureEstimate(gated, data.Train, folder, device);
        long dense = FlopCounter.Flops(net.Architecture, net.Spec.Widths);
        progress.Message($"FTWT {options.Label} on {net.Spec.Family}: estimated reduction {estimate.Reduction:P1} before training " +
                         $"(baseline {baselineAccuracy:P2} at {dense:N0} FLOPs)");

        using var monitor = config.MonitorImages > 0 && config.MonitorImages < data.Test.Count
            ? data.Test.Subset(Enumerable.Range(0, config.MonitorImages).Select(i => (long)i).ToArray()) : null;
        var training = Train(gated, data.Train, monitor ?? data.Test, folder, device, resume, progress);
        var evaluation = FtwtEvaluation.Of(gated, data.Test, device);
        var flops = evaluation.Flops(gated);
        var arch = gated.Architecture;
        AtomicFile.WriteJson(Path.Combine(folder, MasksFile), new MaskRecord(evaluation.Kept, flops, evaluation.Predictions, evaluation.Labels,
            arch.Sites.Select(s => s.Channels).ToArray(), arch.Sites.Select(s => s.Name).ToArray()));

        GatedLatency? latency = null;
        if (config.LatencyImages > 0 && net is Vgg or CifarResNet)
        {
            using var images = BatchLoader.First(data.Test, config.LatencyImages, device);
            latency = Measure(gated, baseline, images, evaluation.Kept, repeats: 5);
        }
        var result = new FtwtResult(options.Label, net.Spec.Family, options.Threshold, options.TargetName, options.Mode, options.Pooling,
            baselineAccuracy, evaluation.Accuracy, dense, estimate, flops.Average(), evaluation.ExecutedFlops(gated).Average(),
            gated.PredictorMacs, evaluation.KeptShare(gated), latency, training.History,
            training.Seconds + estimate.Seconds + clock.Elapsed.TotalSeconds - training.SecondsThisRun, Path.Combine(folder, Trainer.LastCheckpoint));
        AtomicFile.WriteJson(Path.Combine(folder, ExperimentFolder.ResultFile), result);
        progress.Message($"FTWT {options.Label}: {result.Accuracy:P2} at {result.Reduction:P1} fewer FLOPs (estimated {result.EstimatedReduction:P1})" +
                         (latency is null ? "" : $", batch-1 {latency.Speedup:F2}x vs {latency.FlopsSpeedup:F2}x by FLOPs"));
        return result;
    }

    /// <summary>The estimate before training: the target rule on the pretrained network over the training images.</summary>
    public static FtwtEstimate Estimate(GatedNet gated, ImageSet train, Device device, int batchSize = 256)
    {
        var clock = Stopwatch.StartNew();
        gated.eval();
        var mode = gated.Mode;
        gated.Mode = GateMode.Dense;
        var perImage = new List<double>();
        var sums = new double[gated.Sites.Count];
        try
        {
            using var _ = no_grad();
            foreach (var (x, _) in new BatchLoader(train, batchSize, shuffle: false, augment: false, seed: 0).Epoch(0, device))
            {
                using var scope = NewDisposeScope();
                gated.forward(x);
                var counts = gated.KeptCounts!.cpu();
                perImage.AddRange(FlopCounter.PerSample(gated.Architecture, counts));
                var total = counts.to(ScalarType.Float64).sum(dim: 0).data<double>().ToArray();
                for (int s = 0; s < sums.Length; s++) sums[s] += total[s];
            }
        }
        finally
        {
            gated.Mode = mode;
        }
        var o = gated.Options;
        return new FtwtEstimate(o.Threshold, o.TargetName, perImage.Count, FlopCounter.Flops(gated.Architecture, gated.Spec.Widths), perImage.Average(),
            gated.Sites.Select(s => sums[s.Index] / perImage.Count / s.Channels).ToArray(), clock.Elapsed.TotalSeconds);
    }

    static FtwtEstimate EnsureEstimate(GatedNet gated, ImageSet train, string folder, Device device)
    {
        var path = Path.Combine(folder, EstimateFile);
        if (File.Exists(path) && JsonSerializer.Deserialize<FtwtEstimate>(File.ReadAllText(path), AtomicFile.Json) is { } saved) return saved;
        var estimate = Estimate(gated, train, device);
        AtomicFile.WriteJson(path, estimate);
        return estimate;
    }

    sealed record Training(IReadOnlyList<EpochMetrics> History, double Seconds, double SecondsThisRun);

    /// <summary>
    /// CE + w * mean mask loss, w on for the first <see cref="FtwtOptions.MaskLossFraction"/> of the steps; the backbone
    /// follows the schedule from the baseline, the predictors their own constant rate without decay.
    /// </summary>
    static Training Train(GatedNet gated, ImageSet train, ImageSet monitor, string folder, Device device, bool resume, ITrainingProgress progress)
    {
        var o = gated.Options;
        int batches = new BatchLoader(train, o.Training.BatchSize, shuffle: true, augment: false, seed: 0).BatchCount;
        long maskSteps = (long)Math.Round(o.MaskLossFraction * o.Training.Epochs * batches);
        double weight = 0, taskSum = 0, maskSum = 0, keptSum = 0, testFlops = double.NaN;
        int taskCount = 0, maskCount = 0;
        double siteChannels = gated.Sites.Sum(s => s.Channels);
        var trainer = new Trainer(gated, o.Training, device)
        {
            SideGroup = (gated.PredictorParameters.ToArray(), o.PredictorLearningRate, o.PredictorWeightDecay),
            BeforeBatch = (epoch, batch) =>
            {
                weight = (long)epoch * batches + batch < maskSteps ? o.MaskLossWeight : 0;
                gated.CollectTargets = weight > 0;
            },
            TaskLoss = (logits, labels) =>
            {
                var task = nn.functional.cross_entropy(logits, labels);
                taskSum += task.item<float>();
                taskCount++;
                keptSum += gated.KeptCounts!.sum().item<float>() / (logits.shape[0] * siteChannels);
                if (weight == 0 || gated.MaskLoss is not { } mask) return task;
                maskSum += mask.item<float>();
                maskCount++;
                return task + weight * mask;
            },
            Evaluate = set =>
            {
                var e = FtwtEvaluation.Of(gated, set, device);
                testFlops = e.Flops(gated).Average() / FlopCounter.Flops(gated.Architecture, gated.Spec.Widths);
                return (e.Loss, e.Accuracy);
            },
            EpochExtras = () =>
            {
                var extras = new Dictionary<string, double>
                {
                    [TaskLossKey] = taskSum / Math.Max(1, taskCount), [MaskWeightKey] = weight,
                    [TrainKeptKey] = keptSum / Math.Max(1, taskCount), [TestFlopsKey] = testFlops,
                };
                if (maskCount > 0) extras[MaskLossKey] = maskSum / maskCount;
                (taskSum, maskSum, keptSum, taskCount, maskCount) = (0, 0, 0, 0, 0);
                return extras;
            },
        };
        var clock = Stopwatch.StartNew();
        var result = trainer.Run(train, monitor, folder, progress, resume: resume);
        gated.CollectTargets = false;
        return new Training(result.History, result.Seconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Batch-1 latency, interleaved image by image (<see cref="InterleavedTiming"/>): the dense baseline module, gated inference (predictors + gathered convs), and the gathered convs alone
    /// under the recorded masks. Also checks that batch-1 inference keeps the filters the batched masked path kept.
    /// </summary>
    public static GatedLatency Measure(GatedNet gated, PrunableNet dense, Tensor images, int[][] expectedCounts, int repeats = 5)
    {
        gated.eval();
        dense.eval();
        using var _ = no_grad();
        using var engine = new GatedInference(gated);
        int n = (int)images.shape[0];
        var singles = Enumerable.Range(0, n).Select(i => images.narrow(0, i, 1).contiguous()).ToArray();
        var kept = new KeptChannels[n][];
        Action<int>[] engines =
        [
            i => { using var s = NewDisposeScope(); dense.call(singles[i]); },
            i =>
            {
                using var s = NewDisposeScope();
                var (_, k) = engine.Run(singles[i]);
                kept[i] ??= k;
            },
            i => { using var s = NewDisposeScope(); engine.Replay(singles[i], kept[i]); },
        ];
        var ms = InterleavedTiming.MedianMs(engines, n, repeats);
        var counts = kept.Select(k => k.Select(c => c.Count).ToArray()).ToArray();
        bool same = Enumerable.Range(0, n).All(i => counts[i].SequenceEqual(expectedCounts[i]));
        var arch = gated.Architecture;
        var flops = FlopCounter.PerSample(arch, tensor(counts.SelectMany(c => c).ToArray(), [n, arch.Sites.Count]));
        foreach (var s in singles) s.Dispose();
        return new GatedLatency(n, ms[0], ms[1], ms[2], FlopCounter.Flops(arch, gated.Spec.Widths),
            flops.Average() + gated.PredictorMacs, same);
    }

    /// <summary>A finished run's gated network, ready to predict (eval mode).</summary>
    public static (GatedNet Gated, FtwtConfig Config) Load(string folder, Device? device = null)
    {
        var configPath = Path.Combine(folder, ExperimentFolder.ConfigFile);
        if (!File.Exists(Path.Combine(folder, ExperimentFolder.ResultFile)))
            throw new ArgumentException($"{folder} holds no finished FTWT run (no {ExperimentFolder.ResultFile}); train it first (prunelab ftwt train).");
        using var doc = JsonDocument.Parse(File.ReadAllText(configPath));
        var config = doc.RootElement.GetProperty("config").Deserialize<FtwtConfig>(AtomicFile.Json)
                     ?? throw new CheckpointException(configPath, "holds no FTWT configuration");
        var (net, _) = Checkpoint.Load(config.Checkpoint, device);
        var gated = new GatedNet(net, config.Options);
        Checkpoint.LoadInto(Path.Combine(folder, Trainer.LastCheckpoint), gated);
        gated.to(device ?? CPU).eval();
        return (gated, config);
    }

    public static MaskRecord ReadMasks(string folder) =>
        JsonSerializer.Deserialize<MaskRecord>(File.ReadAllText(Path.Combine(folder, MasksFile)), AtomicFile.Json)
        ?? throw new CheckpointException(Path.Combine(folder, MasksFile), "holds no mask record");

    static PrunableNet LoadBaseline(FtwtConfig config, DatasetInfo info, Device device)
    {
        var (baseline, _) = Checkpoint.Load(config.Checkpoint, device);
        if (baseline.Spec.InChannels != info.Channels || baseline.Spec.ImageSize != info.Height)
        {
            baseline.Dispose();
            throw new ArgumentException($"--checkpoint {config.Checkpoint} holds a network for {baseline.Spec.InChannels}x{baseline.Spec.ImageSize} images; " +
                                        $"{info.Name} has {info.Channels}x{info.Height}.");
        }
        return baseline;
    }

    static void Clear(string folder)
    {
        foreach (var f in new[] { EstimateFile, MasksFile, Trainer.LastCheckpoint, Trainer.BestCheckpoint, Trainer.MetricsFile, ExperimentFolder.ResultFile })
            File.Delete(Path.Combine(folder, f));
    }
}
