using static PruneLab.Methods.Verdict;

namespace PruneLab.Methods.MetaPruning;

/// <summary>MetaPruning's claims (../shared/papers/02) checked against this run's numbers.</summary>
public static class MetaClaims
{
    /// <summary>Spearman's rho above which PruningNet is said to rank networks well (a strong positive rank correlation).</summary>
    public const double StrongCorrelation = 0.5;

    public static IReadOnlyList<ClaimCheck> Check(MetaSummary s)
    {
        var checks = new List<ClaimCheck>();
        const string first = "At equal FLOPs, the searched per-layer widths beat uniform width scaling after training from scratch";
        if (s.Searched is null || s.Uniform is null) checks.Add(new(1, first, "", NotRun));
        else
        {
            double gap = s.Searched.TestAccuracy - s.Uniform.TestAccuracy;
            checks.Add(new(1, first,
                $"searched {s.Searched.TestAccuracy:P2} at {s.Searched.Flops:N0} FLOPs vs uniform x{s.UniformMultiplier:F3} {s.Uniform.TestAccuracy:P2} " +
                $"at {s.Uniform.Flops:N0} ({100 * gap:+0.00;-0.00} points; one seed, one budget)",
                gap > 0 ? Holds : DoesNotHold));
        }

        const string second = "PruningNet-generated weights rank candidate networks well enough for search";
        if (s.Correlation is null) checks.Add(new(2, second, "", NotRun));
        else
        {
            double rho = s.Correlation.Spearman;
            checks.Add(new(2, second,
                $"Spearman {rho:F2} between PruningNet accuracy and accuracy after short real training, over {s.Correlation.Samples.Length} candidates of the search",
                double.IsNaN(rho) ? NotRun : rho > StrongCorrelation ? Holds : rho > 0 ? "weakly (0 < rho <= 0.5)" : DoesNotHold));
        }

        const string third = "Every searched candidate respects the budget; the search is reproducible from its seed and can resume";
        if (s.Search is null) checks.Add(new(3, third, "", NotRun));
        else
        {
            long worst = s.Search.MaxCandidateFlops;
            checks.Add(new(3, third,
                $"{s.Search.Candidates} candidates over {s.Search.Generations} generations, the costliest {worst:N0} FLOPs <= budget {s.Budget:N0}; " +
                "seed repeat and snapshot resume are asserted by the test suite (EvolutionarySearchTests)",
                worst <= s.Budget ? Holds : DoesNotHold));
        }
        return checks;
    }
}
