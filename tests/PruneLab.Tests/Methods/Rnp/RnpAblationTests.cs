using System.Text.Json;
using PruneLab.Data;
using PruneLab.Methods;
using PruneLab.Methods.Rnp;
using PruneLab.Models;
using PruneLab.Tests.Data;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Rnp;

public class RnpAblationTests
{
    static RnpOptions TinyOptions(int rounds) => new()
    {
        Penalty = -0.02, AgentBatches = 3, EpsilonBatches = 2, UpdatesPerBatch = 2, ReplayBatch = 32, ReplayCapacity = 512, BatchSize = 64,
        Rounds = rounds, Encoding = 8, Hidden = 8, Seed = 3,
        FineTune = new TrainingOptions { Epochs = 1, BatchSize = 100, LearningRate = 0.01, Schedule = "constant", Seed = 3 },
    };

    /// <summary>A small synthetic Fashion-MNIST-shaped set (200 training, 100 test images): these tests check runs, not accuracy.</summary>
    static DataOptions TinyData(TempRunFolder tmp)
    {
        var folder = Directory.CreateDirectory(Path.Combine(tmp.Path, "fashion-mnist")).FullName;
        IdxWriter.WriteFashionFolder(folder, train: 200, test: 100, gzip: false);
        return new DataOptions { Root = folder, Seed = 2 };
    }

    static Vgg UntrainedVgg()
    {
        manual_seed(11);
        return (Vgg)ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, 0.25));
    }

    /// <summary>Collects the run's messages ("resumed ..." among them).</summary>
    sealed class Messages : ITrainingProgress
    {
        public List<string> Seen { get; } = [];
        public void EpochStarted(int epoch, int epochs, int batches) { }
        public void BatchDone(int epoch, int batch, double loss) { }
        public void EpochDone(EpochMetrics metrics) { }
        public void Message(string text) => Seen.Add(text);
        public bool Resumed => Seen.Any(m => m.StartsWith("resumed"));
    }

    [Fact]
    public void Should_Train_The_Agent_On_What_The_Reward_Rule_Returns_And_Hand_It_The_Episodes()
    {
        using var tmp = new TempRunFolder();
        using var data = DatasetCatalog.Load(DatasetInfo.FashionMnistName, TinyData(tmp));
        var routed = new RoutedVgg(UntrainedVgg(), 4);
        // What the rule was handed (read inside it: the episodes' tensors live only during their batch).
        (long[] Actions, long[] Loss, ScalarType Correct, double Penalty, double Alpha, int Choices, double[] StepCost)? seen = null;
        var constant = Ablation.Of<RewardRule>("a quarter per step", e =>
        {
            seen = (e.Actions.shape, e.TaskLoss.shape, e.Correct.dtype, e.Penalty, e.Alpha, e.Choices,
                e.StepCost.data<float>().Select(v => (double)v).ToArray());
            return full(e.Actions.shape[0], e.Actions.shape[1], 0.25f, device: e.Actions.device);
        });
        var options = TinyOptions(1) with { RewardAblation = constant };
        using var agent = RnpNetwork.Agent(routed, options);
        var phase = new RnpTrainer(routed, agent, options, CPU).TrainAgent(data.Train, data.Test, round: 1, alpha: 1.5);

        // Every batch's mean episode reward is the sum of the rule's rewards: 13 steps x 0.25.
        Assert.Equal(3, phase.BatchRewards!.Count);
        Assert.All(phase.BatchRewards, r => Assert.Equal(13 * 0.25, r, 5));
        var got = Assert.NotNull(seen);
        Assert.Equal(new long[] { 64, 13 }, got.Actions);
        Assert.Equal(new long[] { 64 }, got.Loss);
        Assert.Equal(ScalarType.Bool, got.Correct);
        Assert.Equal((-0.02, 1.5, 4), (got.Penalty, got.Alpha, got.Choices));
        Assert.Equal(RewardInputs.RelativeStepCost(routed), got.StepCost, (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void Should_Refuse_A_Reward_Rule_Of_The_Wrong_Shape_Naming_It()
    {
        using var tmp = new TempRunFolder();
        using var data = DatasetCatalog.Load(DatasetInfo.FashionMnistName, TinyData(tmp));
        var routed = new RoutedVgg(UntrainedVgg(), 4);
        var perImage = Ablation.Of<RewardRule>("one per image", e => e.TaskLoss.neg());
        var options = TinyOptions(1) with { RewardAblation = perImage };
        using var agent = RnpNetwork.Agent(routed, options);
        var e = Assert.Throws<ArgumentException>(() => new RnpTrainer(routed, agent, options, CPU).TrainAgent(data.Train, data.Test, 1, 1));
        Assert.Contains("'one per image'", e.Message);
        Assert.Contains("[64, 13]", e.Message);
    }

    [Fact]
    public void Should_Reuse_An_Ablation_Folder_For_The_Same_Stamp_And_Run_It_Afresh_For_Another()
    {
        using var tmp = new TempRunFolder();
        using (var net = UntrainedVgg())
            Checkpoint.Save(Path.Combine(tmp.Path, "vgg16.ckpt"), net, new CheckpointHeader { Spec = net.Spec });
        var data = TinyData(tmp);
        var doubled = Ablation.Of<RewardRule>("doubled", e => RewardRules.Paper(e) * 2);
        RnpConfig With(Ablation<RewardRule> a) => new()
        {
            Checkpoint = Path.Combine(tmp.Path, "vgg16.ckpt"), Data = data, LatencyImages = 0, Device = "cpu",
            Options = TinyOptions(rounds: 1) with { RewardAblation = a },
        };
        var folder = Path.Combine(tmp.Path, doubled.Folder);
        var config = With(doubled);

        // Cut after the agent phase (state saved), then the same stamp resumes it.
        Assert.Throws<OperationCanceledException>(() => RnpRun.Ensure(config, folder, _ => throw new OperationCanceledException("cut")));
        var resuming = new Messages();
        var first = RnpRun.Ensure(config, folder, progress: resuming);
        Assert.True(resuming.Resumed, "the same stamp should resume its cut run");
        Assert.Contains(doubled.Stamp.Source, File.ReadAllText(Path.Combine(folder, ExperimentFolder.ConfigFile)));

        // Finished with the same stamp: read back, nothing runs.
        var again = RnpRun.Ensure(config, folder, _ => throw new InvalidOperationException("a finished run was trained again"));
        Assert.Equal(first.Accuracy, again.Accuracy);

        // The same cell under a rebuilt kit: the same folder, another stamp; neither reused nor resumed.
        var rebuilt = new Ablation<RewardRule>(doubled.Name, doubled.Code, doubled.Stamp with { Kit = "another build" });
        Assert.Equal(doubled.Folder, rebuilt.Folder);
        Assert.Null(ExperimentFolder.Finished<RnpResult>(folder, With(rebuilt)));
        var fresh = new Messages();
        var phases = new List<RnpPhase>();
        var rerun = RnpRun.Ensure(With(rebuilt), folder, phases.Add, fresh);
        Assert.False(fresh.Resumed, "another stamp must not resume the folder's run");
        Assert.Equal(2, phases.Count);
        Assert.Equal(first.Phases[0].MeanReward!.Value, rerun.Phases[0].MeanReward!.Value, 6); // same seeds, same code: same run
        using var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ExperimentFolder.ConfigFile)));
        Assert.Equal("another build", stored.RootElement.GetProperty("config").GetProperty("options").GetProperty("rewardStamp").GetProperty("kit").GetString());
    }

    [Fact]
    public void Should_Leave_The_Papers_Config_As_It_Was_Without_An_Ablation()
    {
        var json = JsonSerializer.Serialize(new RnpOptions(), AtomicFile.Json);
        Assert.DoesNotContain("reward", json, StringComparison.OrdinalIgnoreCase); // folders run before ablations still match
        var profile = RnpProfile.For("smoke") with { Root = "/r" };
        var ablation = Ablation.Of<RewardRule>("Cost weighted!", e => RewardRules.Paper(e with { Penalty = e.Penalty * 2 }));
        var config = profile.Rnp(ablation);
        Assert.Equal(profile.MainPenalty, config.Options.Penalty);
        Assert.Equal(profile.Rnp(profile.MainPenalty).Options, config.Options with { RewardAblation = null }); // only the reward differs
        Assert.Equal(0, config.LatencyImages);
        Assert.Equal(Path.Combine("/r", ablation.Folder), profile.RunFolder(config));
        Assert.StartsWith("ablation-cost-weighted-", ablation.Folder);
    }
}
