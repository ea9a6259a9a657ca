using PruneLab.Methods.MetaPruning;
using PruneLab.Models;

namespace PruneLab.Tests.Methods.MetaPruning;

public class EvolutionarySearchTests
{
    static readonly EncodingSpace Space = new(Architecture.Of(ModelCatalog.DefaultSpec("resnet20", 3, 32, 10, 1.0)));
    static readonly SearchOptions Small = new() { Population = 12, Parents = 4, Mutations = 5, Crossovers = 5, Generations = 5, Seed = 3 };

    // A stand-in for PruningNet accuracy that rewards wide early layers and narrow late ones: cheap, deterministic.
    static double Synthetic(int[] e) => e.Select((c, i) => i < e.Length / 2 ? 30 - c : c).Sum() / (30.0 * e.Length);

    [Fact]
    public void Should_Only_Ever_Evaluate_New_Candidates_Within_The_Budget()
    {
        long budget = Space.DenseFlops * 3 / 10;
        var seen = new List<int[]>();
        var result = new EvolutionarySearch(Space, budget, Small).Run(e => { seen.Add(e); return Synthetic(e); });
        Assert.Equal(result.Evaluated.Length, seen.Count);
        Assert.All(seen, e => Assert.True(Space.Flops(e) <= budget, $"{EncodingSpace.Key(e)} costs {Space.Flops(e):N0} > {budget:N0}"));
        Assert.Equal(seen.Count, seen.Select(EncodingSpace.Key).Distinct().Count());
        Assert.Equal(Small.Generations, result.Generations.Length);
        Assert.Equal(Small.Population, result.Generations[0].Evaluated);
    }

    [Fact]
    public void Should_Improve_On_The_Random_First_Generation()
    {
        var result = new EvolutionarySearch(Space, Space.DenseFlops / 2, Small with { Generations = 8 }).Run(Synthetic);
        var firstBest = result.Evaluated.Where(c => c.Generation == 0).Min(c => c.Error);
        Assert.True(result.Best.Error < firstBest, $"best {result.Best.Error:F4} not below generation 0's {firstBest:F4}");
        Assert.Equal(result.Best.Error, result.Generations[^1].BestError);
        // Later generations are bred from parents: some children appear beside the random top-up.
        Assert.Contains(result.Evaluated, c => c.Generation > 0);
    }

    [Fact]
    public void Should_End_A_Resumed_Search_Exactly_As_An_Uninterrupted_One()
    {
        using var folder = new TempRunFolder();
        long budget = Space.DenseFlops * 4 / 10;
        var whole = new EvolutionarySearch(Space, budget, Small).Run(Synthetic, Path.Combine(folder.Path, "whole.json"));

        var snapshot = Path.Combine(folder.Path, "cut.json");
        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => new EvolutionarySearch(Space, budget, Small)
            .Run(Synthetic, snapshot, (g, _) => { if (g.Generation == 1) cancel.Cancel(); }, cancel.Token));
        int resumedFrom = -1;
        var resumed = new EvolutionarySearch(Space, budget, Small)
            .Run(Synthetic, snapshot, (g, _) => resumedFrom = resumedFrom < 0 ? g.Generation : resumedFrom);

        Assert.Equal(2, resumedFrom); // generations 0 and 1 came from the snapshot
        Assert.Equal(whole.Evaluated.Select(c => c.Key), resumed.Evaluated.Select(c => c.Key));
        Assert.Equal(whole.Best.Error, resumed.Best.Error);
        Assert.Equal(whole.Generations.Select(g => g.BestError), resumed.Generations.Select(g => g.BestError));
        Assert.Equal(whole.Best.Key, resumed.Best.Key);
    }

    [Fact]
    public void Should_Refuse_To_Resume_Another_Searchs_Snapshot()
    {
        using var folder = new TempRunFolder();
        var snapshot = Path.Combine(folder.Path, "s.json");
        new EvolutionarySearch(Space, Space.DenseFlops / 2, Small with { Generations = 1 }).Run(Synthetic, snapshot);
        var e = Assert.Throws<ArgumentException>(() => new EvolutionarySearch(Space, Space.DenseFlops / 3, Small).Run(Synthetic, snapshot));
        Assert.Contains("another search", e.Message);
    }

    [Fact]
    public void Should_Reject_A_Budget_Below_The_Cheapest_Network()
    {
        var e = Assert.Throws<ArgumentException>(() => new EvolutionarySearch(Space, Space.MinimumFlops - 1, Small).Run(Synthetic));
        Assert.Contains("--flops-budget", e.Message);
    }

    [Fact]
    public void Should_Be_Reproducible_From_Its_Seed_And_Differ_Across_Seeds()
    {
        long budget = Space.DenseFlops / 2;
        var a = new EvolutionarySearch(Space, budget, Small).Run(Synthetic);
        var b = new EvolutionarySearch(Space, budget, Small).Run(Synthetic);
        var c = new EvolutionarySearch(Space, budget, Small with { Seed = 4 }).Run(Synthetic);
        Assert.Equal(a.Evaluated.Select(x => x.Key), b.Evaluated.Select(x => x.Key));
        Assert.NotEqual(a.Evaluated.Select(x => x.Key), c.Evaluated.Select(x => x.Key));
    }
}
