using System.CommandLine;
using System.Globalization;
using PruneLab.Data;
using PruneLab.Methods.Ftwt;
using PruneLab.Notebooks;
using PruneLab.Runtime;
using PruneLab.Training;
using Spectre.Console;

namespace PruneLab.Cli.Commands;

/// <summary>
/// `prunelab ftwt estimate|train|sweep`: Fire Together Wire Together (Elkerdawy et al., CVPR 2022). Every setting of
/// the paper is an option; defaults come from the run profile.
/// </summary>
internal static class FtwtCommand
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    sealed class Settings
    {
        public readonly Option<string> Profile = CommonOptions.Profile();
        public readonly Option<int> Seed = new("--seed") { Description = "Seed of every random draw", DefaultValueFactory = _ => 1 };
        public readonly Option<string> Device = CommonOptions.Device();
        public readonly Option<string?> Checkpoint = new("--checkpoint") { Description = "Trained baseline to gate: VGG-16, CIFAR ResNet or MobileNetV2 (default: the profile's)" };
        public readonly Option<int?> Subset = new("--subset") { Description = "Training images (also those the estimate runs over)" };
        public readonly Option<string?> Target = new("--target") { Description = "mass (per-image k from r) or uniform (a fixed share, --keep)" };
        public readonly Option<double?> Keep = new("--keep") { Description = "Uniform target: share of each layer's filters kept" };
        public readonly Option<string?> Pooling = new("--pooling") { Description = "avg-softmax (released code) or max (paper text)" };
        public readonly Option<int?> Epochs = new("--epochs") { Description = "Training epochs from the baseline (paper: 200)" };
        public readonly Option<double?> Lr = new("--lr") { Description = "Backbone learning rate (paper: 0.01, x0.1 at 40.5%, 61% and 75.5% of training)" };
        public readonly Option<double?> PredictorLr = new("--predictor-lr") { Description = "Predictors' learning rate (paper: 0.1, no weight decay)" };
        public readonly Option<double?> MaskWeight = new("--mask-weight") { Description = "Weight w of the mean mask loss while on (paper: 1)" };
        public readonly Option<double?> MaskFraction = new("--mask-fraction") { Description = "Share of training with the mask loss on (paper: 0.5)" };
        public readonly Option<int?> BatchSize = new("--batch-size") { Description = "Batch size (paper: 128)" };
        public readonly Option<int?> LatencyImages = new("--latency-images") { Description = "Test images timed at batch 1 (0: none)" };
        public readonly Option<int?> MonitorImages = new("--monitor-images") { Description = "Test images evaluated after each epoch for the curves (0: all; results always use all)" };
        public readonly Option<string?> Out = new("--out") { Description = "Folder of the runs (default results/ftwt/<profile>)" };

        public IEnumerable<Option> All => [Profile, Seed, Device, Checkpoint, Subset, Target, Keep, Pooling, Epochs, Lr, PredictorLr, MaskWeight,
            MaskFraction, BatchSize, LatencyImages, MonitorImages, Out];

        public FtwtProfile Read(ParseResult p)
        {
            var m = FtwtProfile.For(p.GetValue(Profile)!, p.GetValue(Seed), p.GetValue(Device)!.ToLowerInvariant());
            var o = m.Options;
            o = o with
            {
                Target = p.GetValue(Target) ?? o.Target, UniformKeep = p.GetValue(Keep) ?? o.UniformKeep, Pooling = p.GetValue(Pooling) ?? o.Pooling,
                PredictorLearningRate = p.GetValue(PredictorLr) ?? o.PredictorLearningRate, MaskLossWeight = p.GetValue(MaskWeight) ?? o.MaskLossWeight,
                MaskLossFraction = p.GetValue(MaskFraction) ?? o.MaskLossFraction,
                Training = o.Training with
                {
                    Epochs = p.GetValue(Epochs) ?? o.Training.Epochs, LearningRate = p.GetValue(Lr) ?? o.Training.LearningRate,
                    BatchSize = p.GetValue(BatchSize) ?? o.Training.BatchSize,
                },
            };
            o.Validate(); // bad settings fail here, before any training
            return m with
            {
                Options = o, Data = m.Data with { Subset = p.GetValue(Subset) ?? m.Data.Subset }, Root = p.GetValue(Out) ?? m.Root,
                LatencyImages = p.GetValue(LatencyImages) ?? m.LatencyImages,
            };
        }

        /// <summary>The profile's run at (r, mode), on --checkpoint when given.</summary>
        public FtwtConfig Config(ParseResult p, FtwtProfile m, double threshold, string mode)
        {
            var config = m.Config(threshold, mode);
            return config with { Checkpoint = p.GetValue(Checkpoint) ?? config.Checkpoint, MonitorImages = p.GetValue(MonitorImages) ?? config.MonitorImages };
        }

        /// <summary>Trains the profile's shared baseline first when no --checkpoint is given.</summary>
        public void EnsureBaseline(ParseResult p, FtwtProfile m, ITrainingProgress progress)
        {
            if (p.GetValue(Checkpoint) is null) SharedBaseline.Ensure(m.Profile, progress, p.GetValue(Seed), m.Baseline.Device);
        }
    }

    static double[] Thresholds(string? text, double[] fallback) => text is null ? fallback
        : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => double.TryParse(v, Inv, out var r) && r is > 0 and <= 1
            ? r : throw new ArgumentException($"--thresholds: '{v}' is not a threshold in (0, 1].")).ToArray();

    public static Command Create()
    {
        var command = new Command("ftwt", "Fire Together Wire Together (Elkerdawy et al., CVPR 2022): self-supervised per-image filter masks");
        command.Subcommands.Add(Estimate());
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Sweep());
        return command;
    }

    static Command Estimate()
    {
        var s = new Settings();
        var thresholds = new Option<string?>("--thresholds") { Description = "Comma-separated thresholds r (default: the profile's sweep)" };
        var command = new Command("estimate", "The FLOPs reduction each threshold r gives, from the trained baseline alone, before any training") { thresholds };
        foreach (var o in s.All) command.Options.Add(o);
        command.SetAction(p =>
        {
            var m = s.Read(p);
            var list = Thresholds(p.GetValue(thresholds), m.Thresholds);
            var estimates = ConsoleProgress.Run("estimate", progress =>
            {
                s.EnsureBaseline(p, m, progress);
                var config = s.Config(p, m, list[0], FtwtModes.Decoupled);
                var device = DeviceChoice.Resolve(config.Device);
                using var data = DatasetCatalog.Load(config.Dataset, config.Data);
                return list.Select(r =>
                {
                    var (net, _) = Checkpoint.Load(config.Checkpoint, device);
                    using var gated = new GatedNet(net, config.Options with { Threshold = r });
                    return FtwtRun.Estimate(gated, data.Train, device);
                }).ToArray();
            });
            var table = new Table().Title($"estimated before training, over {estimates[0].Images:N0} training images (dense {estimates[0].DenseFlops:N0} FLOPs)");
            foreach (var c in new[] { "r", "avg FLOPs", "reduction", "kept filters per site" }) table.AddColumn(c);
            foreach (var e in estimates)
                table.AddRow(e.Threshold.ToString(Inv), e.MeanFlops.ToString("N0", Inv), e.Reduction.ToString("P1", Inv),
                    string.Join(" ", e.KeptShare.Select(k => k.ToString("P0", Inv))));
            AnsiConsole.Write(table);
            return Cli.Ok;
        });
        return command;
    }

    static Command Train()
    {
        var s = new Settings();
        var threshold = new Option<double?>("--threshold") { Description = "Heatmap-mass threshold r in (0, 1] (default: the profile's main one)" };
        var mode = new Option<string>("--mode") { Description = "decoupled (mask loss trains only the predictors) or joint", DefaultValueFactory = _ => FtwtModes.Decoupled };
        mode.AcceptOnlyFromAmong(FtwtModes.Decoupled, FtwtModes.Joint);
        var command = new Command("train", "Train mask predictors and backbone from the baseline, then measure accuracy, FLOPs (estimated and measured) and batch-1 latency") { threshold, mode };
        foreach (var o in s.All) command.Options.Add(o);
        command.SetAction(p =>
        {
            var m = s.Read(p);
            var config = s.Config(p, m, p.GetValue(threshold) ?? m.MainThreshold, p.GetValue(mode)!);
            config.Validate();
            var folder = m.RunFolder(config);
            var result = ConsoleProgress.Run("ftwt", progress =>
            {
                s.EnsureBaseline(p, m, progress);
                return FtwtRun.Ensure(config, folder, progress);
            });
            AnsiConsole.Write(Table("FTWT", [result]));
            Console.WriteLine($"-> {folder}");
            return Cli.Ok;
        });
        return command;
    }

    static Command Sweep()
    {
        var s = new Settings();
        var thresholds = new Option<string?>("--thresholds") { Description = "Comma-separated thresholds run in decoupled mode (default: the profile's)" };
        var joint = new Option<string?>("--joint-thresholds") { Description = "Comma-separated thresholds run in joint mode too (default: the profile's)" };
        var command = new Command("sweep", "One run per threshold in both modes, the main run's masks replayed on a wider VGG-16, and summary.json with the claims") { thresholds, joint };
        foreach (var o in s.All) command.Options.Add(o);
        command.SetAction(p =>
        {
            var m = s.Read(p);
            m = m with { Thresholds = Thresholds(p.GetValue(thresholds), m.Thresholds), JointThresholds = Thresholds(p.GetValue(joint), m.JointThresholds) };
            var summary = ConsoleProgress.Run("sweep", progress =>
            {
                s.EnsureBaseline(p, m, progress);
                var runs = m.Sweep().Select(c => s.Config(p, m, c.Options.Threshold, c.Options.Mode)).Select(c => FtwtRun.Ensure(c, m.RunFolder(c), progress)).ToArray();
                var main = runs.FirstOrDefault(r => r.Threshold == m.MainThreshold && r.Mode == FtwtModes.Decoupled) ?? runs[0];
                return FtwtExperiment.Summarise(m, runs, FtwtExperiment.Replay(m, main));
            });
            AnsiConsole.Write(Table("threshold sweep", summary.Runs));
            foreach (var r in summary.Replays)
                Console.WriteLine(string.Create(Inv, $"{r.Masks} replayed on VGG-16 x{r.Width:G3}, batch 1: dense {r.DenseMs:F2} ms, gated {r.GatedMs:F2} ms: {r.Speedup:F2}x vs {r.FlopsSpeedup:F2}x by FLOPs"));
            foreach (var c in summary.Claims) Console.WriteLine($"claim {c.Number}: {c.Verdict} ({c.Claim})");
            Console.WriteLine($"-> {m.Folder(FtwtSummary.SummaryFile)}");
            return Cli.Ok;
        });
        return command;
    }

    static Table Table(string title, IEnumerable<FtwtResult> runs)
    {
        var table = new Table().Title($"{title} (test set; reduction = 1 - average FLOPs / dense, as the paper; speed-up at batch 1, predictors included)");
        foreach (var c in new[] { "r", "mode", "accuracy", "baseline", "estimated reduction", "measured reduction", "with predictors", "batch-1 speed-up", "by FLOPs" })
            table.AddColumn(c);
        foreach (var r in runs)
            table.AddRow(r.Threshold.ToString(Inv), r.Mode, r.Accuracy.ToString("P2", Inv), r.BaselineAccuracy.ToString("P2", Inv),
                r.EstimatedReduction.ToString("P1", Inv), r.Reduction.ToString("P1", Inv), r.ReductionWithPredictors.ToString("P1", Inv),
                r.Latency is { } l ? l.Speedup.ToString("F2", Inv) + "x" : "-", r.Latency is { } f ? f.FlopsSpeedup.ToString("F2", Inv) + "x" : "-");
        return table;
    }
}
