using System.Diagnostics;
using System.Text.Json;
using PruneLab.Training;

namespace PruneLab.Methods.MetaPruning;

/// <summary>
/// MetaPruning's evolutionary search under a FLOPs budget. Generation 0 is random; each later generation takes the
/// best <see cref="SearchOptions.Parents"/> candidates ever evaluated as parents, breeds children by mutation and by
/// uniform crossover of two distinct parents, and tops up with random encodings. Every draw over the budget or already
/// seen is rejected and redrawn, so the fitness function only ever sees new encodings within budget.
/// Each generation's randomness comes from (seed, generation), and the state is written after every generation, so a
/// search resumed from its snapshot ends exactly as an uninterrupted one.
/// Children by mutation come from <see cref="Mutations.RandomReset"/>, the paper's, or from a reader's
/// <paramref name="mutation"/>, whose stamp then belongs to the snapshot's fingerprint (no resuming other code's search).
/// </summary>
public sealed class EvolutionarySearch(EncodingSpace space, long budget, SearchOptions options, Ablation<Mutation>? mutation = null)
{
    public SearchResult Run(Func<int[], double> error, string? snapshotPath = null, Action<GenerationStats, IReadOnlyList<Candidate>>? progress = null,
        CancellationToken cancel = default)
    {
        options.Validate();
        if (space.MinimumFlops > budget)
            throw new ArgumentException($"--flops-budget {budget:N0}: the cheapest network of the search space costs {space.MinimumFlops:N0} FLOPs " +
                                        $"(every layer at {space.Choices.Scales[0]:0.##} of its width).");
        var fingerprint = Fingerprint();
        var evaluated = new List<Candidate>();
        var generations = new List<GenerationStats>();
        if (snapshotPath is not null && File.Exists(snapshotPath))
        {
            var snapshot = JsonSerializer.Deserialize<SearchSnapshot>(File.ReadAllText(snapshotPath), AtomicFile.Json)
                ?? throw new InvalidDataException($"{snapshotPath}: empty search snapshot.");
            if (snapshot.Fingerprint != fingerprint)
                throw new ArgumentException($"{snapshotPath} belongs to another search ({snapshot.Fingerprint}); this one is {fingerprint}. Use another folder.");
            evaluated.AddRange(snapshot.Evaluated);
            generations.AddRange(snapshot.Generations);
        }

        var seen = evaluated.Select(c => c.Key).ToHashSet();
        for (int g = generations.Count; g < options.Generations; g++)
        {
            cancel.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var rng = new Random(unchecked(options.Seed * 1_000_003 + g));
            int rejected = 0;
            var pool = new List<int[]>();

            bool Accept(int[] encoding)
            {
                var key = EncodingSpace.Key(encoding);
                if (seen.Contains(key) || space.Flops(encoding) > budget) { rejected++; return false; }
                seen.Add(key);
                pool.Add(encoding);
                return true;
            }

            void Draw(int count, Func<int[]> make)
            {
                for (int i = 0; i < count; i++)
                    for (int tries = 0; tries < options.DrawsPerCandidate && !Accept(make()); tries++) { }
            }

            if (g > 0)
            {
                var parents = Ranked(evaluated).Take(options.Parents).Select(c => c.Encoding).ToArray();
                Draw(options.Mutations, () => Mutate(parents[rng.Next(parents.Length)], rng));
                Draw(options.Crossovers, () => Crossover(parents, rng));
            }
            // Top up with random encodings until the population is full (or the space within budget runs out).
            for (int tries = 0; pool.Count < options.Population && tries < options.DrawsPerCandidate * options.Population; tries++)
                Accept(space.Random(rng));

            var born = pool.Select(e => new Candidate(EncodingSpace.Key(e), e, space.Flops(e), error(e), g)).ToArray();
            evaluated.AddRange(born);
            var stats = new GenerationStats(g, Ranked(evaluated).First().Error, born.Length > 0 ? born.Average(c => c.Error) : double.NaN,
                born.Length, rejected, clock.Elapsed.TotalSeconds);
            generations.Add(stats);
            if (snapshotPath is not null)
                AtomicFile.WriteJson(snapshotPath, new SearchSnapshot(fingerprint, g + 1, evaluated.ToArray(), generations.ToArray()));
            progress?.Invoke(stats, born);
        }
        if (evaluated.Count == 0) throw new InvalidOperationException("the search evaluated no candidate.");
        return new SearchResult(budget, space.DenseFlops, Ranked(evaluated).First(), evaluated.ToArray(), generations.ToArray());
    }

    /// <summary>A child of <paramref name="parent"/> by the search's mutation, checked to be an encoding of the space.
    /// The parent goes in read-only: it is an evaluated candidate's own array.</summary>
    int[] Mutate(int[] parent, Random rng)
    {
        var child = (mutation?.Code ?? Mutations.RandomReset)(Array.AsReadOnly(parent), rng, space.Choices.Count, options.MutationProbability);
        try
        {
            space.Check(child ?? throw new ArgumentException("it returned null."));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"the mutation {mutation?.Name ?? nameof(Mutations.RandomReset)} made no valid child of {EncodingSpace.Key(parent)}: {e.Message}", e);
        }
        return child;
    }

    /// <summary>Uniform crossover: each gene from one of two distinct parents.</summary>
    static int[] Crossover(int[][] parents, Random rng)
    {
        int a = rng.Next(parents.Length), b = (a + 1 + rng.Next(parents.Length - 1)) % parents.Length;
        return parents[a].Select((gene, i) => rng.Next(2) == 0 ? gene : parents[b][i]).ToArray();
    }

    static IEnumerable<Candidate> Ranked(IEnumerable<Candidate> c) => c.OrderBy(x => x.Error).ThenBy(x => x.Key, StringComparer.Ordinal);

    /// <summary>What must match for a snapshot to be resumed: the space, the budget, every option and a reader's
    /// mutation (the paper's adds nothing, so snapshots written before mutations could be edited still resume).</summary>
    string Fingerprint() =>
        $"{space.Dense.Spec}; choices {space.Choices}; budget {budget}; " + JsonSerializer.Serialize(options, AtomicFile.JsonLine) +
        (mutation is null ? "" : "; mutation " + JsonSerializer.Serialize(mutation.Stamp, AtomicFile.JsonLine));
}
