using PruneLab.Data;
using PruneLab.Methods;
using PruneLab.Methods.L1;
using PruneLab.Models;
using PruneLab.Runtime;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.L1;

/// <summary>The L1 ablation's run folder on a narrow untrained VGG-16 and 300 Fashion-MNIST images, retrained one epoch.</summary>
public class FilterScoreAblationTests
{
    static L1PruneConfig TinyConfig(string folder)
    {
        manual_seed(3);
        using var model = ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, width: 0.0625));
        var checkpoint = Path.Combine(folder, "baseline.ckpt");
        Checkpoint.Save(checkpoint, model, new CheckpointHeader { Spec = model.Spec });
        return new L1PruneConfig
        {
            Checkpoint = checkpoint, Plan = "vgg16-A", Device = "cpu", Data = new DataOptions { Subset = 300, Seed = 1 },
            Retrain = new TrainingOptions { Epochs = 1, BatchSize = 100, LearningRate = 1e-3, Schedule = "constant", WeightDecay = 1e-4, Seed = 1 },
        };
    }

    static Ablation<FilterScore> Stamped(string name, FilterScore score, string source) =>
        new(name, score, new AblationStamp(name, Ablation.Hash(source), KitBuild.Id));

    static readonly FilterScore Smallest = w => w.flatten(1).abs().sum(1).neg();

    [Fact]
    public void Should_Run_The_Edited_Score_Once_And_Reuse_Its_Folder_For_The_Same_Stamp()
    {
        using var folder = new TempRunFolder();
        var config = TinyConfig(folder.Path);
        var paper = L1PruneRun.Ensure(config, Path.Combine(folder.Path, "l1"));
        var ablation = Stamped("smallest", Smallest, "w => -L1(w)");
        var runFolder = Path.Combine(folder.Path, ablation.Folder);

        var first = FilterScoreAblation.Ensure(config, paper, ablation, runFolder);
        var written = File.GetLastWriteTimeUtc(Path.Combine(runFolder, ExperimentFolder.ResultFile));
        var again = FilterScoreAblation.Ensure(config, paper, ablation, runFolder);

        Assert.False(first.Reused);
        Assert.True(again.Reused);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(runFolder, ExperimentFolder.ResultFile)));
        Assert.Equal(first.Edited.Seconds, again.Edited.Seconds);
        Assert.Equal("ablation: smallest", first.Edited.Criterion);
        Assert.True(ExperimentFolder.Matches(runFolder, config with { Ablation = ablation.Stamp }));
        // Prefer-the-smallest keeps other filters than L1 in every pruned layer; the plan's counts are the paper's.
        Assert.All(first.Layers, l => Assert.True(l.Differ > 0, $"{l.Site}: the edited score kept L1's filters"));
        Assert.Equal(paper.Widths, first.Edited.Widths);
    }

    [Fact]
    public void Should_Start_Over_When_The_Folder_Holds_Another_Stamp_Even_After_A_Cut()
    {
        using var folder = new TempRunFolder();
        var config = TinyConfig(folder.Path);
        var paper = L1PruneRun.Ensure(config, Path.Combine(folder.Path, "l1"));
        var runFolder = Path.Combine(folder.Path, "ablation");
        FilterScoreAblation.Ensure(config, paper, Stamped("edit", Smallest, "version 1"), runFolder);

        // The cell edited (another source hash, same folder as after a kit rebuild): its run is cut in its first epoch...
        var edited = Stamped("edit", FilterScores.L1Norm, "version 2");
        Assert.Throws<InvalidOperationException>(() => FilterScoreAblation.Ensure(config, paper, edited, runFolder, new Progress(cutAtBatch: 1)));
        Assert.False(File.Exists(Path.Combine(runFolder, ExperimentFolder.ResultFile)));

        // ...then run again: nothing of version 1 is reused or resumed.
        var progress = new Progress();
        var result = FilterScoreAblation.Ensure(config, paper, edited, runFolder, progress);
        Assert.False(result.Reused);
        Assert.DoesNotContain(progress.Messages, m => m.Contains("resumed"));
        Assert.Equal([1], progress.EpochsDone);
        Assert.True(ExperimentFolder.Matches(runFolder, config with { Ablation = edited.Stamp }));
        // Version 2 is L1 itself: the same filters as the paper's run, so the same accuracy right after pruning.
        Assert.Equal(0, result.Differ);
        Assert.Equal(paper.PrunedAccuracy, result.Edited.PrunedAccuracy);
    }

    [Fact]
    public void Should_Refuse_A_Score_Not_Stamped_In_The_Config()
    {
        using var folder = new TempRunFolder();
        var config = TinyConfig(folder.Path);
        var e = Assert.Throws<ArgumentException>(() =>
            L1PruneRun.Run(config, Path.Combine(folder.Path, "run"), score: Stamped("unstamped", Smallest, "x")));
        Assert.Contains("not stamped", e.Message);
    }

    sealed class Progress(int cutAtBatch = 0) : ITrainingProgress
    {
        public List<string> Messages { get; } = [];
        public List<int> EpochsDone { get; } = [];
        public void EpochStarted(int epoch, int epochs, int batches) { }
        public void BatchDone(int epoch, int batch, double loss)
        {
            if (batch == cutAtBatch) throw new InvalidOperationException("cut");
        }
        public void EpochDone(EpochMetrics metrics) => EpochsDone.Add(metrics.Epoch);
        public void Message(string text) => Messages.Add(text);
    }
}
