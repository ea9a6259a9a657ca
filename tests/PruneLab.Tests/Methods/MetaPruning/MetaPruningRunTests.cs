using PruneLab.Data;
using PruneLab.Methods.MetaPruning;
using PruneLab.Training;

namespace PruneLab.Tests.Methods.MetaPruning;

/// <summary>The phases end to end on a few hundred real Fashion-MNIST images with a tiny PruningNet.</summary>
public class MetaPruningRunTests
{
    static readonly PruningNetConfig Tiny = new()
    {
        Width = 0.125, Choices = "0.25:1:0.25", Hidden = 8, RecalibrationBatches = 1, Device = "cpu",
        Data = new DataOptions { Subset = 600, ValidationCount = 100, Seed = 2 },
        Training = new TrainingOptions { Epochs = 1, BatchSize = 64, LearningRate = 0.05, Schedule = "linear", LabelSmoothing = 0.1, Seed = 2 },
    };

    [Fact]
    public void Should_Train_Search_Within_Budget_And_Reuse_Finished_Phases()
    {
        using var folder = new TempRunFolder();
        var netFolder = Path.Combine(folder.Path, "pruningnet");
        var trained = MetaPruningRun.EnsurePruningNet(Tiny, netFolder);
        Assert.InRange(trained.ReferenceAccuracy, 0.0, 1.0);
        Assert.Single(MetricsHistory.Read(netFolder));
        var written = File.GetLastWriteTimeUtc(Path.Combine(netFolder, Trainer.LastCheckpoint));
        MetaPruningRun.EnsurePruningNet(Tiny, netFolder); // finished with this config: not trained again
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(netFolder, Trainer.LastCheckpoint)));

        var space = MetaPruningRun.Space(Tiny);
        var config = new SearchConfig
        {
            PruningNet = Tiny, Budget = space.DenseFlops / 2,
            Search = new SearchOptions { Population = 4, Parents = 2, Mutations = 1, Crossovers = 1, Generations = 2, Seed = 2 },
        };
        var search = MetaPruningRun.EnsureSearch(config, Path.Combine(folder.Path, "search"), netFolder);
        Assert.Equal(8, search.Evaluated.Length);
        Assert.All(search.Evaluated, c => Assert.True(c.Flops <= config.Budget && c.Error is >= 0 and <= 1));
        Assert.True(File.Exists(Path.Combine(folder.Path, "search", MetaPruningRun.SnapshotFile)));

        // The same search again is read back, not rerun; another PruningNet config is refused.
        Assert.Equal(search.Best.Key, MetaPruningRun.EnsureSearch(config, Path.Combine(folder.Path, "search"), netFolder).Best.Key);
        var other = config with { PruningNet = Tiny with { Hidden = 9 } };
        var e = Assert.Throws<ArgumentException>(() => MetaPruningRun.EnsureSearch(other, Path.Combine(folder.Path, "search2"), netFolder));
        Assert.Contains("meta train", e.Message);
    }

    [Fact]
    public void Should_End_A_Search_Cut_Short_And_Resumed_Exactly_As_An_Uninterrupted_One()
    {
        using var folder = new TempRunFolder();
        var netFolder = Path.Combine(folder.Path, "pruningnet");
        MetaPruningRun.EnsurePruningNet(Tiny, netFolder);
        var config = new SearchConfig
        {
            PruningNet = Tiny, Budget = MetaPruningRun.Space(Tiny).DenseFlops * 6 / 10,
            Search = new SearchOptions { Population = 4, Parents = 2, Mutations = 1, Crossovers = 1, Generations = 3, Seed = 5 },
        };
        var whole = MetaPruningRun.EnsureSearch(config, Path.Combine(folder.Path, "whole"), netFolder);

        var cut = Path.Combine(folder.Path, "cut");
        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() =>
            MetaPruningRun.EnsureSearch(config, cut, netFolder, (g, _) => { if (g.Generation == 0) cancel.Cancel(); }, cancel.Token));
        Assert.False(File.Exists(Path.Combine(cut, ExperimentFolder.ResultFile)));
        var resumed = MetaPruningRun.EnsureSearch(config, cut, netFolder);

        // Real fitness this time: generated weights, re-estimated norms, validation error, all repeatable on CPU.
        Assert.Equal(whole.Evaluated.Select(c => (c.Key, c.Error)), resumed.Evaluated.Select(c => (c.Key, c.Error)));
        Assert.Equal(whole.Best.Key, resumed.Best.Key);
    }

    [Fact]
    public void Should_Refuse_A_PruningNet_Without_A_Validation_Split()
    {
        var e = Assert.Throws<ArgumentException>(() => (Tiny with { Data = Tiny.Data with { ValidationCount = 0 } }).Validate());
        Assert.Contains("validation", e.Message);
    }
}
