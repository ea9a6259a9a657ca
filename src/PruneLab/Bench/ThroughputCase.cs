namespace PruneLab.Bench;

/// <summary>One measured configuration and its figures. GMAC/s counts the papers' FLOPs (multiply-accumulates);
/// training counts forward + backward as 3x the forward MACs.</summary>
public sealed record ThroughputCase(
    string Model, double Width, string Mode, int Batch, int MeasuredBatch, long ForwardMacs,
    double MsPerBatch, double ImagesPerSecond, double GMacsPerSecond, double FractionOfPeak, string? Note);

public sealed record BenchReport(string Device, int Threads, double PeakGMacsPerSecond, string PeakSource, double MatmulGMacsPerSecond, IReadOnlyList<ThroughputCase> Cases, DateTime MeasuredUtc, string Machine);
