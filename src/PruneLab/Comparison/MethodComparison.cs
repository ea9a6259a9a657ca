using PruneLab.Training;

namespace PruneLab.Comparison;

/// <summary>
/// Every method's results on one baseline, one data set and one cost model: the points of the accuracy-vs-FLOPs plane,
/// each paper's claims with their verdicts, and the papers whose results are missing (their claims "not run").
/// Written as results/comparison/&lt;profile&gt;/comparison.json by notebook 05 and <c>prunelab reproduce</c>.
/// </summary>
public sealed record MethodComparison(
    string Profile, string Model, string Dataset, double BaselineAccuracy, long DenseFlops,
    IReadOnlyList<ComparisonPoint> Points, IReadOnlyList<PaperClaim> Claims, IReadOnlyList<string> Missing)
{
    public const string ComparisonFile = "comparison.json";

    /// <summary>The Pareto front of the networks on the shared baseline.</summary>
    public IReadOnlyList<ComparisonPoint> Front => ParetoFront.Of(Points.Where(p => p.SharedBaseline));

    public string Save(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, ComparisonFile);
        AtomicFile.WriteJson(path, this);
        return path;
    }
}
