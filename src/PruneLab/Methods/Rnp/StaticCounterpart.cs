using System.Diagnostics;
using PruneLab.Cost;
using PruneLab.Data;
using PruneLab.Methods.L1;
using PruneLab.Models;
using PruneLab.Pruning;
using PruneLab.Runtime;
using PruneLab.Training;
using TorchSharp;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// The static network a routing run is compared with: the same baseline, L1-pruned by one uniform keep fraction
/// (the sites routing may narrow: every VGG layer, a ResNet's inner block channels) to at most the routed network's
/// average FLOPs, then fine-tuned with the same backbone budget (epochs x rounds) on the same data.
/// </summary>
public sealed record StaticConfig
{
    public required string Checkpoint { get; init; }
    public string Dataset { get; init; } = DatasetInfo.FashionMnistName;
    public DataOptions Data { get; init; } = new();
    public long TargetFlops { get; init; }
    /// <summary>Only the sites not tied by residual adds (RNR's comparison) or every site (RNP's).</summary>
    public bool InnerOnly { get; init; }
    public TrainingOptions FineTune { get; init; } = new();
    public string Device { get; init; } = "auto";
}

public sealed record StaticResult(double KeepFraction, long Flops, long DenseFlops, double AccuracyBeforeFineTune, double Accuracy, double Seconds)
{
    public double FlopsRatio => (double)Flops / DenseFlops;
}

public static class StaticCounterpart
{
    public static StaticResult Ensure(StaticConfig config, string folder, ITrainingProgress? progress = null) =>
        ExperimentFolder.Finished<StaticResult>(folder, config) ?? Run(config, folder, progress);

    public static StaticResult Run(StaticConfig config, string folder, ITrainingProgress? progress = null)
    {
        var device = DeviceChoice.Resolve(config.Device);
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(folder);
        bool resume = ExperimentFolder.Matches(folder, config);
        AtomicFile.WriteJson(Path.Combine(folder, ExperimentFolder.ConfigFile), new { config, environment = RunEnvironment.Describe(device) });
        var (baseline, _) = Checkpoint.Load(config.Checkpoint, device);
        using (baseline)
        {
            var arch = baseline.Architecture;
            var (fraction, kept) = UniformAt(arch, config.TargetFlops, config.InnerOnly);
            using var data = DatasetCatalog.Load(config.Dataset, config.Data);
            using var pruned = Surgery.Prune(baseline, FilterRanking.Select(baseline, kept));
            pruned.to(device);
            double before = Evaluator.Evaluate(pruned, data.Test, device).Accuracy;
            var training = new Trainer(pruned, config.FineTune, device).Run(data.Train, data.Test, folder, progress, resume);
            var result = new StaticResult(fraction, FlopCounter.Count(pruned.Architecture).Flops, FlopCounter.Count(arch).Flops, before,
                training.FinalAccuracy, clock.Elapsed.TotalSeconds);
            AtomicFile.WriteJson(Path.Combine(folder, ExperimentFolder.ResultFile), result);
            return result;
        }
    }

    /// <summary>The largest uniform keep fraction (to 1/1000) whose network costs at most <paramref name="target"/>, and its kept counts.</summary>
    public static (double Fraction, int[] Kept) UniformAt(Architecture arch, long target, bool innerOnly)
    {
        int[] Kept(double f) => arch.Sites.Select(s => innerOnly && s.IsCoupled ? s.Channels : Math.Max(1, (int)Math.Floor(f * s.Channels))).ToArray();
        long Cost(double f) => FlopCounter.Flops(arch, Kept(f));
        if (Cost(0) > target)
            throw new ArgumentException($"no uniformly pruned network costs {target:N0} FLOPs or less (the narrowest costs {Cost(0):N0}).");
        int lo = 0, hi = 1000;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (Cost(mid / 1000.0) <= target) lo = mid; else hi = mid - 1;
        }
        return (lo / 1000.0, Kept(lo / 1000.0));
    }
}
