namespace PruneLab.Methods.MetaPruning;

/// <summary>
/// How the evolutionary search makes a child from one parent. In: the parent's genes (one choice index per gene,
/// read-only), the generation's seeded random source, the number of choices per gene (every gene is an index in
/// 0..choices-1) and the mutation probability (<see cref="SearchOptions.MutationProbability"/>). Out: the child's genes,
/// a new array of the same length, every gene in 0..choices-1. Draw all randomness from <c>random</c>, so the search
/// repeats from its seed and resumes exactly. A child already seen (its parent included) or over the budget is
/// rejected and the search draws again, up to <see cref="SearchOptions.DrawsPerCandidate"/> times.
/// </summary>
public delegate int[] Mutation(IReadOnlyList<int> parent, Random random, int choices, double probability);

/// <summary>The search's mutations written as <see cref="Mutation"/>s.</summary>
public static class Mutations
{
    /// <summary>MetaPruning's: each gene, with the probability, moves to a uniformly random <i>other</i> choice.</summary>
    public static readonly Mutation RandomReset = (parent, random, choices, probability) =>
    {
        var child = parent.ToArray();
        for (int i = 0; i < child.Length; i++)
            if (random.NextDouble() < probability)
                child[i] = (child[i] + 1 + random.Next(choices - 1)) % choices;
        return child;
    };
}
