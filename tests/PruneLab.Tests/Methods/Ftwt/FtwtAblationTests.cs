using System.Text.Json;
using PruneLab.Data;
using PruneLab.Methods;
using PruneLab.Methods.Ftwt;
using PruneLab.Models;
using PruneLab.Tests.Data;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Ftwt;

public class FtwtAblationTests
{
    static readonly TargetRule KeepAll = (output, _) => ones(output.shape[0], output.shape[1]);

    /// <summary>A small synthetic Fashion-MNIST-shaped set (200 training, 100 test images): these tests check runs, not accuracy.</summary>
    static DataOptions TinyData(TempRunFolder tmp)
    {
        var folder = Directory.CreateDirectory(Path.Combine(tmp.Path, "fashion-mnist")).FullName;
        IdxWriter.WriteFashionFolder(folder, train: 200, test: 100, gzip: false);
        return new DataOptions { Root = folder, Seed = 2 };
    }

    /// <summary>Counts the epochs trained in this run and collects the messages ("resumed ..." among them).</summary>
    sealed class Progress(bool cutAfterFirstEpoch = false) : ITrainingProgress
    {
        public int Epochs { get; private set; }
        public bool Resumed { get; private set; }
        public void EpochStarted(int epoch, int epochs, int batches) { }
        public void BatchDone(int epoch, int batch, double loss) { }
        public void EpochDone(EpochMetrics metrics)
        {
            Epochs++;
            if (cutAfterFirstEpoch) throw new OperationCanceledException("cut");
        }
        public void Message(string text) => Resumed |= text.StartsWith("resumed");
    }

    [Fact]
    public void Should_Estimate_No_Reduction_With_A_Rule_That_Keeps_Every_Filter()
    {
        using var tmp = new TempRunFolder();
        using var data = DatasetCatalog.Load(DatasetInfo.FashionMnistName, TinyData(tmp));
        var paper = new FtwtOptions { Threshold = 0.5, Pooling = FtwtPooling.Max };
        using var gated = GatedNetTests.Gated("vgg16", 1, paper);
        Assert.True(FtwtRun.Estimate(gated, data.Train, CPU).Reduction > 0.2, "the paper's rule at r = 0.5 should cut FLOPs");

        using var keepAll = GatedNetTests.Gated("vgg16", 1, paper with { TargetAblation = Ablation.Of("keep all", KeepAll) });
        var estimate = FtwtRun.Estimate(keepAll, data.Train, CPU);
        Assert.Equal(0.0, estimate.Reduction, 9);
        Assert.All(estimate.KeptShare, k => Assert.Equal(1.0, k, 9));
        Assert.Equal("keep all", estimate.Target);
    }

    [Fact]
    public void Should_Reuse_An_Ablation_Folder_For_The_Same_Stamp_And_Run_It_Afresh_For_Another()
    {
        using var tmp = new TempRunFolder();
        manual_seed(11);
        using (var net = ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, 0.25)))
            Checkpoint.Save(Path.Combine(tmp.Path, "vgg16.ckpt"), net, new CheckpointHeader { Spec = net.Spec });
        var data = TinyData(tmp);
        var keepAll = Ablation.Of("keep all", KeepAll);
        FtwtConfig With(Ablation<TargetRule> a) => new()
        {
            Checkpoint = Path.Combine(tmp.Path, "vgg16.ckpt"), Data = data, LatencyImages = 0, Device = "cpu",
            Options = new FtwtOptions
            {
                Threshold = 0.9, Pooling = FtwtPooling.Max, TargetAblation = a,
                Training = new TrainingOptions { Epochs = 2, BatchSize = 100, LearningRate = 0.01, Milestones = [0.5], Seed = 3 },
            },
        };
        var folder = Path.Combine(tmp.Path, keepAll.Folder);
        var config = With(keepAll);

        // Cut after its first epoch, then the same stamp resumes it: one more epoch trained.
        Assert.Throws<OperationCanceledException>(() => FtwtRun.Ensure(config, folder, new Progress(cutAfterFirstEpoch: true)));
        var resuming = new Progress();
        var first = FtwtRun.Ensure(config, folder, resuming);
        Assert.True(resuming.Resumed, "the same stamp should resume its cut run");
        Assert.Equal(1, resuming.Epochs);
        Assert.Equal(0.0, first.EstimatedReduction, 9); // the ablation's rule made the estimate

        // Finished with the same stamp: read back, nothing trains.
        var again = new Progress();
        Assert.Equal(first.Accuracy, FtwtRun.Ensure(config, folder, again).Accuracy);
        Assert.Equal(0, again.Epochs);

        // The same cell under a rebuilt kit: the same folder, another stamp; neither reused nor resumed.
        var rebuilt = new Ablation<TargetRule>(keepAll.Name, keepAll.Code, keepAll.Stamp with { Kit = "another build" });
        Assert.Equal(keepAll.Folder, rebuilt.Folder);
        Assert.Null(ExperimentFolder.Finished<FtwtResult>(folder, With(rebuilt)));
        var fresh = new Progress();
        var rerun = FtwtRun.Ensure(With(rebuilt), folder, fresh);
        Assert.False(fresh.Resumed, "another stamp must not resume the folder's run");
        Assert.Equal(2, fresh.Epochs);
        Assert.Equal(first.Accuracy, rerun.Accuracy, 6); // same seed, same code: the same run again
        using var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ExperimentFolder.ConfigFile)));
        Assert.Equal("another build", stored.RootElement.GetProperty("config").GetProperty("options").GetProperty("targetStamp").GetProperty("kit").GetString());
    }

    [Fact]
    public void Should_Leave_The_Papers_Config_As_It_Was_And_Put_The_Ablation_Beside_The_Main_Run()
    {
        var json = JsonSerializer.Serialize(new FtwtOptions(), AtomicFile.Json);
        Assert.DoesNotContain("stamp", json, StringComparison.OrdinalIgnoreCase); // folders run before ablations still match
        var profile = FtwtProfile.For("smoke") with { Root = "/r" };
        var ablation = Ablation.Of("mean |activation|", KeepAll);
        var config = profile.Config(ablation);
        var main = profile.Config(profile.MainThreshold, FtwtModes.Decoupled);
        Assert.Equal(main.Options, config.Options with { TargetAblation = null }); // only the rule differs
        Assert.Equal(0, config.LatencyImages);
        Assert.Equal(Path.Combine("/r", ablation.Folder), profile.RunFolder(config));
        Assert.Equal(Path.Combine("/r", main.Options.Label), profile.RunFolder(main));
    }
}
