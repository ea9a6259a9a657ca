using PruneLab.Cost;
using PruneLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Bench;

/// <summary>A statically pruned network to time beside its dense network (both built from specs: random weights, as time does not depend on them).</summary>
public sealed record StaticCase(string Name, ModelSpec Dense, ModelSpec Pruned);

/// <summary>
/// One static network at one batch size against its dense network, from the same interleaved passes: the timing,
/// the FLOPs the guard really executes (padded channels included) beside the nominal ones, and the pruned network's
/// achieved rate against the machine's peak.
/// </summary>
public sealed record StaticRow(SpeedComparison Timing, long DenseFlops, long PrunedFlops, long DenseExecutedFlops, long PrunedExecutedFlops,
    double PrunedGMacsPerSecond, double ShareOfPeak)
{
    /// <summary>The speed-up the executed (padded) work allows: what the clock can show at best on this machine.</summary>
    public double ExecutedFlopsSpeedup => (double)DenseExecutedFlops / PrunedExecutedFlops;
}

/// <summary>
/// The fixed cost of one forward call of a backbone's layer sequence: the same network with one channel per site,
/// timed at batch 1 (its FLOPs are negligible). A pruned network at batch 1 cannot run faster than dense /
/// (overhead + (dense - overhead) / FLOPs speed-up): this bounds the batch-1 ratios of small networks.
/// </summary>
public sealed record CallOverhead(string Model, double Ms, double DenseMs)
{
    public double BoundFor(double flopsSpeedup) => DenseMs / (Ms + Math.Max(0, DenseMs - Ms) / flopsSpeedup);
}

public static class StaticBenchmark
{
    /// <summary>Each case at each batch size, pruned and dense interleaved call by call, <paramref name="repeats"/> passes.</summary>
    public static IReadOnlyList<StaticRow> Measure(IReadOnlyList<StaticCase> cases, int[] batches, double peakMacs, int repeats, Device? device = null)
    {
        device ??= CPU;
        var rows = new List<StaticRow>();
        foreach (var c in cases)
        {
            using var dense = ModelCatalog.Create(c.Dense);
            using var pruned = ModelCatalog.Create(c.Pruned);
            var executed = new[] { dense, pruned }.Select(m => Executed(m, device)).ToArray();
            foreach (int batch in batches)
            {
                var passes = Passes([dense, pruned], batch, repeats, device);
                long denseFlops = FlopCounter.Count(dense.Architecture).Flops, prunedFlops = FlopCounter.Count(pruned.Architecture).Flops;
                var timing = SpeedComparison.Of(c.Name, batch, CallsPerPass(batch), passes, (double)denseFlops / prunedFlops);
                double rate = prunedFlops * (double)batch / (timing.PrunedMs / 1000);
                rows.Add(new StaticRow(timing, denseFlops, prunedFlops, executed[0], executed[1], rate / 1e9, rate / peakMacs));
            }
        }
        return rows;
    }

    /// <summary>The per-call overhead of <paramref name="spec"/>'s layer sequence (see <see cref="CallOverhead"/>).</summary>
    public static CallOverhead Overhead(string name, ModelSpec spec, int repeats, Device? device = null)
    {
        device ??= CPU;
        using var dense = ModelCatalog.Create(spec);
        using var thin = ModelCatalog.Create(spec.WithWidths(spec.Widths.Select(_ => 1).ToArray()));
        var passes = Passes([dense, thin], 1, repeats, device);
        return new CallOverhead(name, TimingStats.Of(passes[1]).Median, TimingStats.Of(passes[0]).Median);
    }

    // Enough calls per pass that a pass is not one timer tick; few at batch 64, where one call takes 10-300 ms.
    static int CallsPerPass(int batch) => batch >= 16 ? 1 : 10;

    static double[][] Passes(PrunableNet[] models, int batch, int repeats, Device device)
    {
        foreach (var m in models) m.to(device);
        return ForwardLatency.Passes(models, batch, CallsPerPass(batch), device, repeats);
    }

    static long Executed(PrunableNet model, Device device)
    {
        model.to(device);
        model.eval();
        using var _ = no_grad();
        using var x = randn(1, model.Spec.InChannels, model.Spec.ImageSize, model.Spec.ImageSize, device: device);
        return ExecutedFlops.MeasureWithPadding(model, x).Executed;
    }
}
