namespace PruneLab.Bench;

/// <summary>
/// A dense and a cheaper engine timed in the same interleaved passes: median ms per call (or per image) of each, the
/// median and quartiles of the pass-by-pass speed-up, and the speed-up the FLOPs promise.
/// </summary>
public sealed record SpeedComparison(
    string Name, int Batch, int Items, int Passes, double DenseMs, double PrunedMs,
    double Speedup, double SpeedupQ1, double SpeedupQ3, double FlopsSpeedup)
{
    /// <summary>The measured speed-up as a share of the FLOPs speed-up (1: the clock shows all the FLOPs promise).</summary>
    public double ShareOfFlopsSpeedup => Speedup / FlopsSpeedup;

    /// <param name="passes">[0]: the dense engine's ms per item in each pass, [1]: the cheaper engine's (<see cref="InterleavedTiming.Passes"/>).</param>
    public static SpeedComparison Of(string name, int batch, int items, double[][] passes, double flopsSpeedup)
    {
        var ratio = TimingStats.Ratio(passes[0], passes[1]);
        return new SpeedComparison(name, batch, items, passes[0].Length, TimingStats.Of(passes[0]).Median, TimingStats.Of(passes[1]).Median,
            ratio.Median, ratio.Q1, ratio.Q3, flopsSpeedup);
    }
}
