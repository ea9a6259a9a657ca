using PruneLab.Methods;
using PruneLab.Methods.MetaPruning;
using PruneLab.Models;

namespace PruneLab.Tests.Methods.MetaPruning;

/// <summary>The search's mutation as a delegate: the paper's default, and a reader's reaching the search.</summary>
public class MutationTests
{
    static readonly EncodingSpace Space = new(Architecture.Of(ModelCatalog.DefaultSpec("resnet20", 3, 32, 10, 1.0)));
    static readonly SearchOptions Small = new() { Population = 12, Parents = 4, Mutations = 5, Crossovers = 5, Generations = 5, Seed = 3, DrawsPerCandidate = 20 };

    // The same stand-in fitness as EvolutionarySearchTests: cheap and deterministic.
    static double Synthetic(int[] e) => e.Select((c, i) => i < e.Length / 2 ? 30 - c : c).Sum() / (30.0 * e.Length);

    /// <summary>The oracle: the search's mutation as it was written before it became a delegate, verbatim.</summary>
    static int[] MutateAsBefore(IReadOnlyList<int> parent, Random rng, int choices, double probability)
    {
        var child = parent.ToArray();
        for (int i = 0; i < child.Length; i++)
            if (rng.NextDouble() < probability)
                child[i] = (child[i] + 1 + rng.Next(choices - 1)) % choices;
        return child;
    }

    static readonly Mutation Identity = (parent, _, _, _) => parent.ToArray();

    [Fact]
    public void Should_Search_Exactly_As_Before_With_The_Default_Mutation()
    {
        long budget = Space.DenseFlops * 4 / 10;
        var byDefault = new EvolutionarySearch(Space, budget, Small).Run(Synthetic);
        var asBefore = new EvolutionarySearch(Space, budget, Small, Ablation.Of<Mutation>("as before", MutateAsBefore)).Run(Synthetic);
        Assert.Equal(asBefore.Evaluated.Select(c => c.Key), byDefault.Evaluated.Select(c => c.Key));
        Assert.Equal(asBefore.Generations.Select(g => (g.BestError, g.Rejected)), byDefault.Generations.Select(g => (g.BestError, g.Rejected)));
        // And the paper's instance itself, passed as an edit, is the same search.
        var reset = new EvolutionarySearch(Space, budget, Small, Ablation.Of("reset", Mutations.RandomReset)).Run(Synthetic);
        Assert.Equal(byDefault.Evaluated.Select(c => c.Key), reset.Evaluated.Select(c => c.Key));
    }

    [Fact]
    public void Should_Reject_Every_Child_Of_A_Mutation_That_Changes_Nothing()
    {
        long budget = Space.DenseFlops / 2;
        var identity = new EvolutionarySearch(Space, budget, Small, Ablation.Of("identity", Identity)).Run(Synthetic);
        var byDefault = new EvolutionarySearch(Space, budget, Small).Run(Synthetic);
        // A copy of a parent has been seen: each of the 5 mutation children is redrawn 20 times, every draw rejected.
        Assert.All(identity.Generations.Skip(1), g => Assert.True(g.Rejected >= Small.Mutations * Small.DrawsPerCandidate, $"generation {g.Generation}: {g.Rejected} rejected"));
        Assert.All(byDefault.Generations.Skip(1), g => Assert.True(g.Rejected < Small.Mutations * Small.DrawsPerCandidate));
        // Random top-up still fills the population.
        Assert.All(identity.Generations, g => Assert.Equal(Small.Population, g.Evaluated));
    }

    [Fact]
    public void Should_Hand_The_Mutation_A_Read_Only_Parent_The_Choices_And_The_Probability()
    {
        var calls = new List<(IReadOnlyList<int> Parent, int Choices, double Probability)>();
        var options = Small with { MutationProbability = 0.3, Generations = 2 };
        var result = new EvolutionarySearch(Space, Space.DenseFlops / 2, options, Ablation.Of<Mutation>("spy", (parent, random, choices, probability) =>
        {
            calls.Add((parent, choices, probability));
            return MutateAsBefore(parent, random, choices, probability);
        })).Run(Synthetic);
        Assert.NotEmpty(calls);
        var firstGeneration = result.Evaluated.Where(c => c.Generation == 0).Select(c => c.Key).ToHashSet();
        Assert.All(calls, c =>
        {
            Assert.Equal(Space.Choices.Count, c.Choices);
            Assert.Equal(0.3, c.Probability);
            Assert.IsNotType<int[]>(c.Parent);
            Assert.Contains(EncodingSpace.Key(c.Parent), firstGeneration);
        });
    }

    [Fact]
    public void Should_Refuse_A_Child_Outside_The_Space_Naming_The_Mutation()
    {
        var e = Assert.Throws<ArgumentException>(() => new EvolutionarySearch(Space, Space.DenseFlops / 2, Small,
            Ablation.Of<Mutation>("off the grid", (parent, _, choices, _) => parent.Select(_ => choices).ToArray())).Run(Synthetic));
        Assert.Contains("off the grid", e.Message);
    }

    [Fact]
    public void Should_Resume_Its_Own_Snapshot_Exactly_And_Refuse_One_Of_Other_Code()
    {
        using var folder = new TempRunFolder();
        long budget = Space.DenseFlops * 4 / 10;
        var step = Ablation.Of<Mutation>("step", (parent, random, choices, probability) =>
            parent.Select(g => random.NextDouble() < probability ? Math.Clamp(g + (random.Next(2) == 0 ? -1 : 1), 0, choices - 1) : g).ToArray());
        var whole = new EvolutionarySearch(Space, budget, Small, step).Run(Synthetic);

        var snapshot = Path.Combine(folder.Path, "cut.json");
        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => new EvolutionarySearch(Space, budget, Small, step)
            .Run(Synthetic, snapshot, (g, _) => { if (g.Generation == 1) cancel.Cancel(); }, cancel.Token));
        // Another mutation's code (the paper's, or this one's name with another source) must not continue it.
        Assert.Contains("another search", Assert.Throws<ArgumentException>(() => new EvolutionarySearch(Space, budget, Small).Run(Synthetic, snapshot)).Message);
        var edited = new Ablation<Mutation>("step", step.Code, step.Stamp with { Source = Ablation.Hash("an edited cell") });
        Assert.Contains("another search", Assert.Throws<ArgumentException>(() => new EvolutionarySearch(Space, budget, Small, edited).Run(Synthetic, snapshot)).Message);

        var resumed = new EvolutionarySearch(Space, budget, Small, step).Run(Synthetic, snapshot);
        Assert.Equal(whole.Evaluated.Select(c => c.Key), resumed.Evaluated.Select(c => c.Key));
        Assert.Equal(whole.Best.Key, resumed.Best.Key);
    }
}
