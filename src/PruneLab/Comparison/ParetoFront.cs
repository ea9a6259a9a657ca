namespace PruneLab.Comparison;

/// <summary>The networks no other network beats on both axes: at most the FLOPs and at least the accuracy (one strictly).</summary>
public static class ParetoFront
{
    public static IReadOnlyList<ComparisonPoint> Of(IEnumerable<ComparisonPoint> points)
    {
        var all = points.ToArray();
        return all.Where(p => !all.Any(q => q.Flops <= p.Flops && q.Accuracy >= p.Accuracy && (q.Flops < p.Flops || q.Accuracy > p.Accuracy)))
            .OrderBy(p => p.Flops).ToArray();
    }
}
