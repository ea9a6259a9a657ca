using PruneLab.Training;

namespace PruneLab.Methods.Ftwt;

/// <summary>What notebook 04 writes as results/ftwt/&lt;profile&gt;/summary.json, read by the comparison.</summary>
public sealed record FtwtSummary(
    string Profile, string Model, string Dataset, double BaselineAccuracy, long DenseFlops, double MainThreshold,
    IReadOnlyList<FtwtResult> Runs, IReadOnlyList<ReplayLatency> Replays)
{
    public const string SummaryFile = "summary.json";

    public FtwtResult? Main => Runs.FirstOrDefault(r => r.Threshold == MainThreshold && r.Mode == FtwtModes.Decoupled);
    public IEnumerable<FtwtResult> InMode(string mode) => Runs.Where(r => r.Mode == mode).OrderByDescending(r => r.Threshold);
    public IReadOnlyList<ClaimCheck> Claims => FtwtClaims.Check(this);

    public string Save(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, SummaryFile);
        AtomicFile.WriteJson(path, this);
        return path;
    }
}
