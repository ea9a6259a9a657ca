using PruneLab.Data;
using PruneLab.Methods;
using PruneLab.Methods.MetaPruning;
using PruneLab.Runtime;
using PruneLab.Training;

namespace PruneLab.Tests.Methods.MetaPruning;

/// <summary>A tiny PruningNet trained once for the class (600 Fashion-MNIST images, one epoch) and the paper's search on it.</summary>
public sealed class TinyPruningNetFixture : IDisposable
{
    public static readonly PruningNetConfig Config = new()
    {
        Width = 0.125, Choices = "0.25:1:0.25", Hidden = 8, RecalibrationBatches = 1, Device = "cpu",
        Data = new DataOptions { Subset = 600, ValidationCount = 100, Seed = 2 },
        Training = new TrainingOptions { Epochs = 1, BatchSize = 64, LearningRate = 0.05, Schedule = "linear", LabelSmoothing = 0.1, Seed = 2 },
    };

    public TinyPruningNetFixture()
    {
        NetFolder = Path.Combine(Folder.Path, "pruningnet");
        MetaPruningRun.EnsurePruningNet(Config, NetFolder);
        Search = new SearchConfig
        {
            PruningNet = Config, Budget = MetaPruningRun.Space(Config).DenseFlops * 6 / 10,
            Search = new SearchOptions { Population = 4, Parents = 2, Mutations = 2, Crossovers = 1, Generations = 3, Seed = 4, DrawsPerCandidate = 10 },
        };
        Default = MetaPruningRun.EnsureSearch(Search, Path.Combine(Folder.Path, "search"), NetFolder);
    }

    public TempRunFolder Folder { get; } = new();
    public string NetFolder { get; }
    public SearchConfig Search { get; }
    public SearchResult Default { get; }

    public void Dispose() => Folder.Dispose();
}

public class MutationAblationTests(TinyPruningNetFixture tiny) : IClassFixture<TinyPruningNetFixture>
{
    static Ablation<Mutation> Stamped(string name, Mutation code, string source) => new(name, code, new AblationStamp(name, Ablation.Hash(source), KitBuild.Id));

    static readonly Mutation Step = (parent, random, choices, probability) =>
        parent.Select(g => random.NextDouble() < probability ? Math.Clamp(g + (random.Next(2) == 0 ? -1 : 1), 0, choices - 1) : g).ToArray();

    static readonly Mutation Identity = (parent, _, _, _) => parent.ToArray();

    [Fact]
    public void Should_Search_With_The_Edited_Mutation_Once_And_Reuse_Its_Folder_For_The_Same_Stamp()
    {
        var ablation = Stamped("step", Step, "one choice up or down");
        var folder = Path.Combine(tiny.Folder.Path, ablation.Folder);
        var first = MutationAblation.Ensure(tiny.Search, tiny.Default, ablation, folder, tiny.NetFolder);
        var written = File.GetLastWriteTimeUtc(Path.Combine(folder, ExperimentFolder.ResultFile));
        var again = MutationAblation.Ensure(tiny.Search, tiny.Default, ablation, folder, tiny.NetFolder);

        Assert.False(first.Reused);
        Assert.True(again.Reused);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(folder, ExperimentFolder.ResultFile)));
        Assert.Equal(first.Edited.Evaluated.Select(c => (c.Key, c.Error)), again.Edited.Evaluated.Select(c => (c.Key, c.Error)));
        Assert.True(ExperimentFolder.Matches(folder, tiny.Search with { Mutation = ablation.Stamp }));
        // Same seed and budget: generation 0 is random and identical; the searches part where mutation begins.
        Assert.Equal(tiny.Default.Evaluated.Where(c => c.Generation == 0).Select(c => (c.Key, c.Error)),
            first.Edited.Evaluated.Where(c => c.Generation == 0).Select(c => (c.Key, c.Error)));
        Assert.All(first.Edited.Evaluated, c => Assert.True(c.Flops <= tiny.Search.Budget));
    }

    [Fact]
    public void Should_Search_Afresh_When_The_Folder_Holds_Another_Stamp_Even_After_A_Cut()
    {
        var folder = Path.Combine(tiny.Folder.Path, "ablation-shared");
        MutationAblation.Ensure(tiny.Search, tiny.Default, Stamped("edit", Step, "version 1"), folder, tiny.NetFolder);

        // The cell edited (another source hash, the same folder as after a kit rebuild), cut after its first generation...
        var edited = Stamped("edit", Identity, "version 2");
        using var cancel = new CancellationTokenSource();
        var reported = new List<int>();
        Assert.Throws<OperationCanceledException>(() => MutationAblation.Ensure(tiny.Search, tiny.Default, edited, folder, tiny.NetFolder,
            (g, _) => { reported.Add(g.Generation); cancel.Cancel(); }, cancel.Token));
        Assert.Equal([0], reported); // version 1's finished snapshot was not continued
        Assert.False(File.Exists(Path.Combine(folder, ExperimentFolder.ResultFile)));

        // ...then finished: it equals the same edit searched in a fresh folder, nothing of version 1 in it.
        var result = MutationAblation.Ensure(tiny.Search, tiny.Default, edited, folder, tiny.NetFolder);
        var fresh = MutationAblation.Ensure(tiny.Search, tiny.Default, edited, Path.Combine(tiny.Folder.Path, "ablation-fresh"), tiny.NetFolder);
        Assert.False(result.Reused);
        Assert.Equal(fresh.Edited.Evaluated.Select(c => (c.Key, c.Error)), result.Edited.Evaluated.Select(c => (c.Key, c.Error)));
        // The identity mutation's children are all copies: every draw of them rejected.
        Assert.All(result.Edited.Generations.Skip(1), g => Assert.True(g.Rejected >= tiny.Search.Search.Mutations * tiny.Search.Search.DrawsPerCandidate));
    }

    [Fact]
    public void Should_Refuse_A_Default_That_Already_Carries_A_Mutation()
    {
        var stamped = Stamped("x", Step, "x");
        var e = Assert.Throws<ArgumentException>(() => MutationAblation.Ensure(tiny.Search with { Mutation = stamped.Stamp }, tiny.Default, stamped,
            Path.Combine(tiny.Folder.Path, "refused"), tiny.NetFolder));
        Assert.Contains("paper's search", e.Message);
    }
}
