using System.Text.Json;
using PruneLab.Cost;
using PruneLab.Data;
using PruneLab.Methods.Rnp;
using PruneLab.Models;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Rnp;

public class RnpRunTests
{
    static RnpConfig Tiny(string checkpoint, string method = RnpMethods.Rnp) => new()
    {
        Method = method, Checkpoint = checkpoint, Data = new DataOptions { Subset = 300, Seed = 2 }, LatencyImages = 3, Device = "cpu",
        Options = new RnpOptions
        {
            Penalty = -0.02, AgentBatches = 3, EpsilonBatches = 2, UpdatesPerBatch = 2, ReplayBatch = 32, ReplayCapacity = 512, BatchSize = 64,
            Rounds = 2, Encoding = 8, Hidden = 8, Seed = 3,
            FineTune = new TrainingOptions { Epochs = 1, BatchSize = 100, LearningRate = 0.01, Schedule = "constant", Seed = 3 },
        },
    };

    static string SaveUntrained(string folder, string model, double width)
    {
        manual_seed(11);
        using var net = ModelCatalog.Create(ModelCatalog.DefaultSpec(model, 1, 28, 10, width));
        var path = Path.Combine(folder, model + ".ckpt");
        Checkpoint.Save(path, net, new CheckpointHeader { Spec = net.Spec });
        return path;
    }

    [Fact]
    public void Should_Write_A_Whole_Run_And_Resume_A_Cut_One_To_The_Same_Result()
    {
        using var tmp = new TempRunFolder();
        var config = Tiny(SaveUntrained(tmp.Path, "vgg16", 0.25));
        var first = RnpRun.Ensure(config, Path.Combine(tmp.Path, "a"));
        Assert.Equal(4, first.Phases.Count);
        Assert.Equal(["agent", "backbone", "agent", "backbone"], first.Phases.Select(p => p.Phase));
        Assert.Equal(3, first.Phases[0].BatchRewards!.Count);
        Assert.InRange(first.MeanFlops, 1, first.DenseFlops + first.AgentMacs);
        Assert.All(first.ActionShares, s => Assert.Equal(1.0, s.Sum(), 6));
        Assert.True(first.Latency!.SameActions, "batch-1 dynamic inference took other actions than the batched greedy routing");
        var record = RnpRun.ReadRouting(Path.Combine(tmp.Path, "a"));
        Assert.Equal(10_000, record.Flops.Length); // the whole test set is routed
        Assert.Equal(record.Flops.Average(), first.MeanFlops, 3);

        // The same run cut after its first round: state.json holds two phases, no result; Ensure finishes it identically.
        var cut = Path.Combine(tmp.Path, "b");
        var partial = RnpRun.Ensure(config with { Options = config.Options with { Rounds = 1 } }, Path.Combine(tmp.Path, "one-round"));
        Directory.CreateDirectory(cut);
        foreach (var f in Directory.GetFiles(Path.Combine(tmp.Path, "one-round"))) File.Copy(f, Path.Combine(cut, Path.GetFileName(f)));
        CopyFolder(Path.Combine(tmp.Path, "one-round", "finetune-r1"), Path.Combine(cut, "finetune-r1"));
        File.Delete(Path.Combine(cut, ExperimentFolder.ResultFile));
        AtomicFile.WriteJson(Path.Combine(cut, ExperimentFolder.ConfigFile), new { config });
        var resumed = RnpRun.Ensure(config, cut);
        // The untrained backbone sits near chance accuracy, so compare what varies: rewards and routed cost.
        Assert.Equal(first.Phases[0].MeanReward!.Value, partial.Phases[0].MeanReward!.Value, 6);
        Assert.Equal(first.Phases[1].MeanFlops, partial.Phases[1].MeanFlops, 3);
        Assert.Equal(first.Phases[2].MeanReward!.Value, resumed.Phases[2].MeanReward!.Value, 6);
        Assert.Equal(first.Phases[3].MeanFlops, resumed.Phases[3].MeanFlops, 3);
        Assert.Equal(first.MeanFlops, resumed.MeanFlops, 3);
        Assert.Equal(first.Accuracy, resumed.Accuracy, 6);
    }

    [Fact]
    public void Should_Refuse_A_Checkpoint_Of_Another_Family_Naming_It()
    {
        using var tmp = new TempRunFolder();
        var vgg = SaveUntrained(tmp.Path, "vgg16", 0.25);
        var e = Assert.Throws<ArgumentException>(() => RnpRun.Run(Tiny(vgg, RnpMethods.Rnr), Path.Combine(tmp.Path, "x")));
        Assert.Contains(vgg, e.Message);
        Assert.Contains("--method rnr", e.Message);
    }

    [Fact]
    public void Should_Route_Resnet_Blocks_End_To_End()
    {
        using var tmp = new TempRunFolder();
        var config = Tiny(SaveUntrained(tmp.Path, "resnet20", 0.5), RnpMethods.Rnr) with { Options = Tiny("").Options with { Rounds = 1 } };
        var r = RnpRun.Ensure(config, Path.Combine(tmp.Path, "rnr"));
        Assert.Equal("resnet20", r.Model);
        Assert.Equal(9, r.ActionShares.Length);
        Assert.All(r.ActionShares, s => Assert.Equal(3, s.Length));
        var (routed, agent, loaded) = RnpRun.Load(Path.Combine(tmp.Path, "rnr"), CPU);
        Assert.IsType<RoutedResNet>(routed);
        Assert.Equal(RnpMethods.Rnr, loaded.Method);
        agent.Dispose();
    }

    static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }
}
