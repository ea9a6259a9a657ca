namespace PruneLab.Methods.MetaPruning;

/// <summary>
/// The evolutionary search's settings. Defaults are MetaPruning's: population 50, the top 10 as parents, 25 children by
/// mutation (each gene changes with probability 0.1) and 25 by crossover, random top-up, 20 generations.
/// </summary>
public sealed record SearchOptions
{
    public int Population { get; init; } = 50;
    public int Parents { get; init; } = 10;
    public int Mutations { get; init; } = 25;
    public int Crossovers { get; init; } = 25;
    public double MutationProbability { get; init; } = 0.1;
    public int Generations { get; init; } = 20;
    public int Seed { get; init; }
    /// <summary>Draws allowed per child before giving up on it (rejected: over the budget or already seen); random top-up fills its place.</summary>
    public int DrawsPerCandidate { get; init; } = 200;

    public void Validate()
    {
        Require(Population >= 2, "--population must be at least 2");
        Require(Parents >= 2 && Parents <= Population, "--parents must be in 2..population (crossover needs two distinct parents)");
        Require(Mutations >= 0 && Crossovers >= 0, "--mutations and --crossovers must be >= 0");
        Require(Mutations + Crossovers <= Population, "--mutations + --crossovers must not exceed --population");
        Require(MutationProbability is > 0 and <= 1, "--mutation-prob must be in (0, 1]");
        Require(Generations >= 1, "--generations must be at least 1");
        Require(DrawsPerCandidate >= 1, "draws per candidate must be at least 1");
    }

    static void Require(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}

/// <summary>One evaluated network: its encoding, cost and fitness (validation error with PruningNet weights).</summary>
public sealed record Candidate(string Key, int[] Encoding, long Flops, double Error, int Generation)
{
    public double Accuracy => 1 - Error;
}

/// <summary>What one generation did: the best error found so far, this generation's mean, how many draws were rejected.</summary>
public sealed record GenerationStats(int Generation, double BestError, double MeanError, int Evaluated, int Rejected, double Seconds);

/// <summary>The search's state after a generation, written atomically: a resumed search continues from here.</summary>
public sealed record SearchSnapshot(string Fingerprint, int CompletedGenerations, Candidate[] Evaluated, GenerationStats[] Generations);

/// <summary>The finished search.</summary>
public sealed record SearchResult(long Budget, long DenseFlops, Candidate Best, Candidate[] Evaluated, GenerationStats[] Generations)
{
    /// <summary>The best-first candidates (what the next generation's parents are drawn from).</summary>
    public IEnumerable<Candidate> Ranked => Evaluated.OrderBy(c => c.Error).ThenBy(c => c.Key, StringComparer.Ordinal);
}
