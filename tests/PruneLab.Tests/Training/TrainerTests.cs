using PruneLab.Models;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Tests.Training;

public class TrainerTests(FashionMnistFixture data) : IClassFixture<FashionMnistFixture>
{
    static readonly TrainingOptions Short = new() { Epochs = 2, BatchSize = 128, LearningRate = 0.05, Schedule = "cosine", WeightDecay = 5e-4, Seed = 7 };

    static PrunableNet NarrowVgg(int seed)
    {
        manual_seed(seed);
        return ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, width: 0.125));
    }

    [Fact]
    public void Should_Learn_Fashion_Mnist_To_75_Percent_In_Two_Epochs_On_10k_Images()
    {
        using var model = ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, width: 0.25));
        var result = new Trainer(model, Short, CPU).Run(data.Splits.Train, data.Splits.Test, runFolder: null);
        Assert.True(result.FinalAccuracy >= 0.75, $"test accuracy {result.FinalAccuracy:P2} < 75%");
        Assert.Equal(2, result.History.Count);
        Assert.True(result.History[1].TrainLoss < result.History[0].TrainLoss);
    }

    [Fact]
    public void Should_Resume_A_Killed_Run_And_End_Exactly_As_The_Uninterrupted_One()
    {
        using var folder = new TempRunFolder();
        using var straight = NarrowVgg(5);
        using var killed = NarrowVgg(6);
        // Same start for both runs (the global torch seed is shared with tests running in parallel).
        killed.load_state_dict(straight.state_dict());
        var full = new Trainer(straight, Short, CPU).Run(data.SmallTrain, data.SmallTest, folder.Path + "/straight");

        using var cancel = new CancellationTokenSource();
        var stopAfterFirst = new StopAfterEpoch(cancel);
        Assert.Throws<OperationCanceledException>(() =>
            new Trainer(killed, Short, CPU).Run(data.SmallTrain, data.SmallTest, folder.Path + "/killed", stopAfterFirst, cancel: cancel.Token));
        Assert.Equal(1, Checkpoint.ReadHeader(folder.Path + "/killed/last.ckpt").Epoch);

        using var resumed = NarrowVgg(99); // different init: everything must come from the checkpoint
        var after = new Trainer(resumed, Short, CPU).Run(data.SmallTrain, data.SmallTest, folder.Path + "/killed", resume: true);

        Assert.Equal(full.FinalAccuracy, after.FinalAccuracy);
        Assert.Equal(full.History.Select(h => h.TrainLoss), after.History.Select(h => h.TrainLoss));
        var a = straight.parameters().ToArray();
        var b = resumed.parameters().ToArray();
        for (int i = 0; i < a.Length; i++) Assert.True(a[i].allclose(b[i], 0, 0), $"parameter {i} differs after resume");
        Assert.Equal(2, File.ReadAllLines(folder.Path + "/killed/metrics.jsonl").Length);
    }

    [Fact]
    public void Should_Resume_From_The_Checkpoint_Epoch_Keeping_The_Finished_Epochs()
    {
        using var folder = new TempRunFolder();
        using var model = NarrowVgg(5);
        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() =>
            new Trainer(model, Short, CPU).Run(data.SmallTrain, data.SmallTest, folder.Path, new StopAfterEpoch(cancel), cancel: cancel.Token));
        var saved = Checkpoint.Load(Path.Combine(folder.Path, "last.ckpt"));
        using var savedModel = saved.Model;

        using var resumed = NarrowVgg(99);
        var stateAtStart = new List<bool>();
        var after = new Trainer(resumed, Short, CPU).Run(data.SmallTrain, data.SmallTest, folder.Path,
            new OnEpochStart(() => stateAtStart.Add(resumed.parameters().Zip(savedModel.parameters()).All(p => p.First.allclose(p.Second, 0, 0)))),
            resume: true);

        Assert.Equal([true], stateAtStart);                       // continued from the saved weights, once
        Assert.Equal(saved.Header.History[0], after.History[0]);  // the finished epoch is kept, not redone
        Assert.Equal([1, 2], after.History.Select(h => h.Epoch));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(folder.Path, "metrics.jsonl")).Length);
        Assert.Equal(2, Checkpoint.ReadHeader(Path.Combine(folder.Path, "last.ckpt")).Epoch);
    }

    [Fact]
    public void Should_Stop_On_A_NaN_Loss_And_Keep_The_Last_Good_Checkpoint()
    {
        using var folder = new TempRunFolder();
        using var model = NarrowVgg(1);
        int calls = 0, perEpoch = (data.SmallTrain.Count + Short.BatchSize - 1) / Short.BatchSize;
        var trainer = new Trainer(model, Short with { LearningRate = 0.01 }, CPU)
        {
            TaskLoss = (logits, y) => nn.functional.cross_entropy(logits, y) * (++calls > perEpoch + 2 ? float.NaN : 1f),
        };
        var e = Assert.Throws<NonFiniteLossException>(() => trainer.Run(data.SmallTrain, data.SmallTest, folder.Path));
        Assert.Equal(2, e.Epoch);
        Assert.Equal(3, e.Batch);
        Assert.Contains("last.ckpt", e.Message);
        Assert.Equal(1, Checkpoint.ReadHeader(Path.Combine(folder.Path, "last.ckpt")).Epoch);
    }

    sealed class OnEpochStart(Action action) : ITrainingProgress
    {
        public void EpochStarted(int epoch, int epochs, int batches) => action();
        public void BatchDone(int epoch, int batch, double loss) { }
        public void EpochDone(EpochMetrics metrics) { }
        public void Message(string text) { }
    }

    sealed class StopAfterEpoch(CancellationTokenSource cancel) : ITrainingProgress
    {
        public void EpochStarted(int epoch, int epochs, int batches) { }
        public void BatchDone(int epoch, int batch, double loss) { }
        public void EpochDone(EpochMetrics metrics) => cancel.Cancel();
        public void Message(string text) { }
    }
}
