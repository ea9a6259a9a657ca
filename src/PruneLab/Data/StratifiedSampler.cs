namespace PruneLab.Data;

/// <summary>
/// Picks n indices so that each class keeps (up to rounding) its share of the set. Deterministic from the seed and
/// independent of any global RNG, so a subset chosen for one experiment can be reproduced in another process.
/// </summary>
internal static class StratifiedSampler
{
    /// <summary>Chosen indices in ascending order (the set's original order is preserved).</summary>
    public static long[] Sample(IReadOnlyList<long> labels, int numClasses, int n, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, labels.Count);
        var byClass = new List<long>[numClasses];
        for (var c = 0; c < numClasses; c++) byClass[c] = [];
        for (var i = 0; i < labels.Count; i++) byClass[labels[i]].Add(i);

        var quotas = Quotas(byClass.Select(l => l.Count).ToArray(), n);
        var random = new Random(seed);
        var chosen = new List<long>(n);
        for (var c = 0; c < numClasses; c++)
        {
            var members = byClass[c].ToArray();
            // Partial Fisher-Yates: only the first quota positions need to be drawn.
            for (var i = 0; i < quotas[c]; i++)
            {
                var j = random.Next(i, members.Length);
                (members[i], members[j]) = (members[j], members[i]);
            }
            chosen.AddRange(members.AsSpan(0, quotas[c]));
        }
        var result = chosen.ToArray();
        Array.Sort(result);
        return result;
    }

    /// <summary>
    /// Largest-remainder apportionment of n over the class sizes; when n allows it every present class gets at
    /// least one, so tiny classes do not vanish from a small subset.
    /// </summary>
    public static int[] Quotas(int[] classCounts, int n)
    {
        long total = classCounts.Sum(c => (long)c);
        var quotas = new int[classCounts.Length];
        if (total == 0) return quotas;
        var remainders = new long[classCounts.Length];
        var assigned = 0;
        for (var c = 0; c < classCounts.Length; c++)
        {
            quotas[c] = (int)((long)n * classCounts[c] / total);
            remainders[c] = (long)n * classCounts[c] % total;
            assigned += quotas[c];
        }
        // Ties go to the lower class index so the result does not depend on sort stability.
        var order = Enumerable.Range(0, classCounts.Length).OrderByDescending(c => remainders[c]).ThenBy(c => c).ToArray();
        for (var k = 0; assigned < n; k++, assigned++) quotas[order[k % order.Length]]++;

        var present = classCounts.Count(c => c > 0);
        if (n < present) return quotas;
        for (var c = 0; c < classCounts.Length; c++)
        {
            if (classCounts[c] == 0 || quotas[c] > 0) continue;
            var donor = Array.IndexOf(quotas, quotas.Max());
            quotas[donor]--;
            quotas[c]++;
        }
        return quotas;
    }
}
