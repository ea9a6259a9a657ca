using PruneLab.Data;
using PruneLab.Methods.Ftwt;
using PruneLab.Models;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Ftwt;

public class FtwtRunTests
{
    static FtwtConfig Tiny(string checkpoint) => new()
    {
        Checkpoint = checkpoint, Data = new DataOptions { Subset = 300, Seed = 2 }, LatencyImages = 3, Device = "cpu",
        Options = new FtwtOptions
        {
            Threshold = 0.9, Pooling = FtwtPooling.Max,
            Training = new TrainingOptions { Epochs = 2, BatchSize = 100, LearningRate = 0.01, WeightDecay = 5e-4, Milestones = [0.5], Seed = 3 },
        },
    };

    static string SaveUntrained(string folder, string model, double width, int channels = 1, int size = 28)
    {
        manual_seed(11);
        using var net = ModelCatalog.Create(ModelCatalog.DefaultSpec(model, channels, size, 10, width));
        var path = Path.Combine(folder, model + ".ckpt");
        Checkpoint.Save(path, net, new CheckpointHeader { Spec = net.Spec });
        return path;
    }

    /// <summary>Stops a run after its first epoch is saved, as a killed process would.</summary>
    sealed class StopAfterFirstEpoch : ITrainingProgress
    {
        public void EpochStarted(int epoch, int epochs, int batches) { }
        public void BatchDone(int epoch, int batch, double loss) { }
        public void EpochDone(EpochMetrics metrics) => throw new OperationCanceledException("cut");
        public void Message(string text) { }
    }

    [Fact]
    public void Should_Write_A_Whole_Run_Switch_The_Mask_Loss_Off_And_Resume_A_Cut_One_To_The_Same_Result()
    {
        using var tmp = new TempRunFolder();
        var config = Tiny(SaveUntrained(tmp.Path, "vgg16", 0.25));
        var whole = FtwtRun.Ensure(config, Path.Combine(tmp.Path, "a"));
        Assert.Equal(2, whole.History.Count);
        Assert.Contains(FtwtRun.MaskLossKey, whole.History[0].Extras!.Keys);      // on for the first half
        Assert.DoesNotContain(FtwtRun.MaskLossKey, whole.History[1].Extras!.Keys); // off after it
        Assert.Equal(0, whole.History[1].Extras![FtwtRun.MaskWeightKey]);
        Assert.InRange(whole.MeanFlops, 0, whole.DenseFlops);
        Assert.Equal(300, whole.Estimate.Images);
        Assert.True(whole.Latency!.SameMasks, "batch-1 gated inference kept other filters than the batched masked path");
        var masks = FtwtRun.ReadMasks(Path.Combine(tmp.Path, "a"));
        Assert.Equal(10_000, masks.Flops.Length); // the whole test set
        Assert.Equal(masks.Flops.Average(), whole.MeanFlops, 3);

        var cut = Path.Combine(tmp.Path, "b");
        Assert.Throws<OperationCanceledException>(() => FtwtRun.Ensure(config, cut, new StopAfterFirstEpoch()));
        Assert.False(File.Exists(Path.Combine(cut, "result.json")));
        var resumed = FtwtRun.Ensure(config, cut);
        Assert.Equal(whole.Accuracy, resumed.Accuracy, 6);
        Assert.Equal(whole.MeanFlops, resumed.MeanFlops, 3);
        Assert.Equal(whole.History[1].TrainLoss, resumed.History[1].TrainLoss, 5);

        // Finished with the same settings: skipped, the same result read back.
        Assert.Equal(whole.Accuracy, FtwtRun.Ensure(config, Path.Combine(tmp.Path, "a")).Accuracy);
    }

    [Fact]
    public void Should_Refuse_A_Checkpoint_For_Other_Images_Naming_It()
    {
        using var tmp = new TempRunFolder();
        var cifar = SaveUntrained(tmp.Path, "vgg16", 0.25, channels: 3, size: 32);
        var e = Assert.Throws<ArgumentException>(() => FtwtRun.Run(Tiny(cifar), Path.Combine(tmp.Path, "x")));
        Assert.Contains(cifar, e.Message);
        Assert.Contains("3x32", e.Message);
    }

    [Theory]
    [InlineData(0.0, "--threshold")]
    [InlineData(1.2, "--threshold")]
    public void Should_Refuse_An_Impossible_Threshold(double r, string option)
    {
        var config = Tiny("x.ckpt") with { Options = new FtwtOptions { Threshold = r } };
        var e = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains(option, e.Message);
    }
}
