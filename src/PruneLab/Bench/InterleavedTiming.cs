using System.Diagnostics;

namespace PruneLab.Bench;

/// <summary>
/// Per-item latency of several engines over the same items, timed interleaved item by item so that the machine's drift
/// over the run (measured: the same dense pass from 1.8 to 2.7 ms in one hour) hits every engine alike: a warm-up pass
/// (kernel selection, caches, allocator growth), then <c>repeats</c> passes, each engine's mean ms per item in each pass.
/// </summary>
public static class InterleavedTiming
{
    /// <summary>The benchmark's protocol: at least this many timed passes, so the quartiles mean something.</summary>
    public const int BenchPasses = 20;

    /// <summary>Ms per item of every engine [engine][pass].</summary>
    public static double[][] Passes(IReadOnlyList<Action<int>> engines, int items, int repeats = 5)
    {
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), "at least one timed pass.");
        var passes = engines.Select(_ => new double[repeats]).ToArray();
        for (int pass = -1; pass < repeats; pass++)
            for (int i = 0; i < items; i++)
                for (int e = 0; e < engines.Count; e++)
                {
                    long start = Stopwatch.GetTimestamp();
                    engines[e](i);
                    if (pass >= 0) passes[e][pass] += Stopwatch.GetElapsedTime(start).TotalMilliseconds / items;
                }
        return passes;
    }

    /// <summary>Each engine's median pass, in ms per item.</summary>
    public static double[] MedianMs(IReadOnlyList<Action<int>> engines, int items, int repeats = 5) =>
        Passes(engines, items, repeats).Select(p => TimingStats.Of(p).Median).ToArray();
}
