using System.Diagnostics;
using PruneLab.Data;
using PruneLab.Models;
using PruneLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Bench;

/// <summary>One epoch of the kit's <see cref="Trainer"/> against a bare TorchSharp loop over the same model, batches and optimizer settings.</summary>
/// <param name="Overhead">The Trainer's extra time per epoch over the bare loop's, as a fraction of it (0.05 = 5% slower): the median of the epoch pairs.</param>
public sealed record TrainerOverheadResult(string Model, int Images, int BatchSize, int Passes, double TrainerSeconds, double BareSeconds,
    double Overhead, double OverheadQ1, double OverheadQ3);

public static class TrainerOverhead
{
    /// <summary>
    /// Epochs of both loops alternate, in alternating order (a warm-up epoch each first), on the same model, so drift and the model's state
    /// hit them alike; the Trainer writes no run folder and skips its evaluation, which a bare loop has no counterpart of.
    /// </summary>
    public static TrainerOverheadResult Measure(string name, ModelSpec spec, ImageSet train, int batchSize, int repeats, Device? device = null)
    {
        device ??= CPU;
        manual_seed(1);
        using var model = ModelCatalog.Create(spec);
        model.to(device);
        var options = new TrainingOptions { Epochs = 1, BatchSize = batchSize, LearningRate = 0.01, Schedule = "constant", WeightDecay = 5e-4, Seed = 1 };
        var trainer = new Trainer(model, options, device) { Evaluate = _ => (0, 0) };
        var kit = new List<double>();
        var bare = new List<double>();
        for (int pass = -1; pass < repeats; pass++)
        {
            // The order alternates, so neither loop always runs on the other's warm caches.
            double t = 0, b = 0;
            if (pass % 2 != 0) b = BareEpoch(model, train, options, device);
            var clock = Stopwatch.StartNew();
            trainer.Run(train, train, runFolder: null);
            t = clock.Elapsed.TotalSeconds;
            if (pass % 2 == 0) b = BareEpoch(model, train, options, device);
            if (pass < 0) continue;
            kit.Add(t);
            bare.Add(b);
        }
        var ratio = TimingStats.Ratio(kit, bare);
        return new TrainerOverheadResult(name, train.Count, batchSize, repeats, TimingStats.Of(kit).Median, TimingStats.Of(bare).Median,
            ratio.Median - 1, ratio.Q1 - 1, ratio.Q3 - 1);
    }

    /// <summary>The loop a TorchSharp user would write: the same shuffled batches, SGD with momentum and decay, nothing else.</summary>
    static double BareEpoch(PrunableNet model, ImageSet train, TrainingOptions options, Device device)
    {
        var clock = Stopwatch.StartNew();
        using var optimizer = optim.SGD(model.parameters(), options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
        var loader = new BatchLoader(train, options.BatchSize, shuffle: true, augment: train.Info.Augment, seed: options.Seed);
        manual_seed(options.Seed * 100_003L);
        model.train();
        foreach (var (x, y) in loader.Epoch(0, device))
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.forward(x), y).backward();
            optimizer.step();
        }
        return clock.Elapsed.TotalSeconds;
    }
}
