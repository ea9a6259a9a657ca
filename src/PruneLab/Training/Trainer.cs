using System.Diagnostics;
using PruneLab.Data;
using PruneLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Training;

/// <summary>
/// SGD training with evaluation each epoch, shared by every method. Each epoch's randomness (shuffle, augmentation,
/// any torch RNG) is derived from (seed, epoch), so a run resumed from its epoch checkpoint repeats the
/// uninterrupted run exactly on CPU. Writes last.ckpt / best.ckpt / metrics.jsonl atomically into the run folder.
/// </summary>
public sealed class Trainer(PrunableNet model, TrainingOptions options, Device device)
{
    public const string LastCheckpoint = "last.ckpt", BestCheckpoint = "best.ckpt", MetricsFile = "metrics.jsonl";

    /// <summary>The task loss: cross-entropy (with optional label smoothing). Methods may add their own loss beside it.</summary>
    public Func<Tensor, Tensor, Tensor> TaskLoss { get; init; } = (logits, labels) =>
        nn.functional.cross_entropy(logits, labels, label_smoothing: options.LabelSmoothing);

    /// <summary>Called before each mini-batch with (epoch, batch), both from 0: e.g. MetaPruning draws the batch's network here.
    /// Derive any randomness from the two numbers, so a resumed run repeats.</summary>
    public Action<int, int>? BeforeBatch { get; init; }

    /// <summary>The training forward pass (logits of a batch); defaults to the model's own. RNP trains its backbone under the agent's routing here.</summary>
    public Func<Tensor, Tensor>? Forward { get; init; }

    /// <summary>
    /// Parameters trained at their own constant learning rate and weight decay, outside the model's schedule (FTWT's
    /// mask predictors: LR 0.1, no decay). SGD's state is per parameter, so one optimizer with two groups behaves as two.
    /// </summary>
    public (IReadOnlyList<Parameter> Parameters, double LearningRate, double WeightDecay)? SideGroup { get; init; }

    /// <summary>Extra per-epoch figures of the method (e.g. FTWT's mask loss), read after the epoch's batches; kept in the history and checkpoints.</summary>
    public Func<IReadOnlyDictionary<string, double>>? EpochExtras { get; init; }

    /// <summary>The per-epoch evaluation (loss, accuracy) of a set; defaults to <see cref="Evaluator.Evaluate"/> of the model.</summary>
    public Func<ImageSet, (double Loss, double Accuracy)>? Evaluate { get; init; }

    public TrainingResult Run(ImageSet train, ImageSet test, string? runFolder, ITrainingProgress? progress = null,
        bool resume = false, ImageSet? validation = null, CancellationToken cancel = default)
    {
        options.Validate();
        progress ??= SilentProgress.Instance;
        model.to(device);
        using var optimizer = Optimizer();
        var schedule = LrSchedule.Create(options);
        var loader = new BatchLoader(train, options.BatchSize, shuffle: true, augment: train.Info.Augment, seed: options.Seed);
        var history = new List<EpochMetrics>();
        int start = 0, bestEpoch = 0;
        double best = 0;
        string? last = runFolder is null ? null : Path.Combine(runFolder, LastCheckpoint);

        if (resume && last is not null && File.Exists(last))
        {
            var header = Checkpoint.LoadInto(last, model, optimizer);
            (start, best, bestEpoch) = (header.Epoch, header.BestAccuracy, header.BestEpoch);
            history.AddRange(header.History);
            progress.Message($"resumed from {last} after epoch {start}");
        }

        var clock = Stopwatch.StartNew();
        for (int epoch = start; epoch < options.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var epochClock = Stopwatch.StartNew();
            manual_seed(options.Seed * 100_003L + epoch);
            model.train();
            progress.EpochStarted(epoch + 1, options.Epochs, loader.BatchCount);
            double lossSum = 0;
            long correct = 0, seen = 0;
            int batch = 0;
            foreach (var (x, y) in loader.Epoch(epoch, device))
            {
                using var scope = NewDisposeScope();
                double lr = schedule.At(epoch + (double)batch / loader.BatchCount);
                optimizer.ParamGroups.First().LearningRate = lr; // a side group keeps its constant rate
                BeforeBatch?.Invoke(epoch, batch);
                foreach (var p in model.parameters()) p.grad = null; // dropped, not zeroed: see the note at Optimizer()
                var logits = Forward is null ? model.forward(x) : Forward(x);
                var loss = TaskLoss(logits, y);
                float value = loss.item<float>();
                if (!float.IsFinite(value))
                    throw new NonFiniteLossException(epoch + 1, batch + 1, value, last is not null && File.Exists(last) ? last : null);
                loss.backward();
                optimizer.step();
                lossSum += value * y.shape[0];
                correct += logits.argmax(1).eq(y).sum().item<long>();
                seen += y.shape[0];
                progress.BatchDone(epoch + 1, ++batch, value);
            }
            double trainSeconds = epochClock.Elapsed.TotalSeconds;
            var evaluate = Evaluate ?? (set => Evaluator.Evaluate(model, set, device));
            var (testLoss, testAcc) = evaluate(test);
            double? valAcc = validation is null ? null : evaluate(validation).Accuracy;
            var extras = EpochExtras?.Invoke();
            var metrics = new EpochMetrics(epoch + 1, schedule.At(epoch), lossSum / seen, (double)correct / seen,
                testLoss, testAcc, valAcc, epochClock.Elapsed.TotalSeconds, seen / trainSeconds)
            { Extras = extras is null ? null : new Dictionary<string, double>(extras) };
            history.Add(metrics);
            bool improved = testAcc > best || bestEpoch == 0;
            if (improved) (best, bestEpoch) = (testAcc, epoch + 1);
            if (runFolder is not null) Persist(runFolder, epoch + 1, best, bestEpoch, history, optimizer, improved);
            progress.EpochDone(metrics);
        }
        var final = history.Count > 0 ? history[^1].TestAccuracy : double.NaN;
        return new TrainingResult(final, best, bestEpoch, options.Epochs, clock.Elapsed.TotalSeconds + history.Take(start).Sum(h => h.Seconds),
            history, last);
    }

    // Gradients are dropped, not zeroed (PyTorch's default since 2.0). With zeroed gradients a parameter that gets none
    // in a step (FTWT's predictors once the mask loss is off) still moves on its momentum in-process, but not after a
    // resume (a fresh process has no gradient to zero), so resumed runs drifted from uninterrupted ones.
    optim.Optimizer Optimizer()
    {
        if (SideGroup is not { } side)
            return optim.SGD(model.parameters(), options.LearningRate, options.Momentum, weight_decay: options.WeightDecay, nesterov: options.Nesterov);
        var sideSet = side.Parameters.ToHashSet(ReferenceEqualityComparer.Instance);
        var all = model.parameters().ToArray();
        var main = all.Where(p => !sideSet.Contains(p)).ToArray();
        if (main.Length + sideSet.Count != all.Length)
            throw new ArgumentException("the side group's parameters must be distinct parameters of the model being trained.");
        return optim.SGD(
        [
            new SGD.ParamGroup(main, options.LearningRate, options.Momentum, weight_decay: options.WeightDecay, nesterov: options.Nesterov),
            new SGD.ParamGroup(side.Parameters, side.LearningRate, options.Momentum, weight_decay: side.WeightDecay, nesterov: options.Nesterov),
        ], options.LearningRate);
    }

    void Persist(string folder, int epoch, double best, int bestEpoch, List<EpochMetrics> history, optim.Optimizer optimizer, bool improved)
    {
        var header = new CheckpointHeader
        {
            Spec = model.Spec, Epoch = epoch, Seed = options.Seed, BestAccuracy = best, BestEpoch = bestEpoch, History = history.ToArray(),
        };
        Checkpoint.Save(Path.Combine(folder, LastCheckpoint), model, header, optimizer);
        if (improved) Checkpoint.Save(Path.Combine(folder, BestCheckpoint), model, header);
        AtomicFile.WriteText(Path.Combine(folder, MetricsFile),
            string.Concat(history.Select(h => System.Text.Json.JsonSerializer.Serialize(h, AtomicFile.JsonLine) + "\n")));
    }
}
