using PruneLab.Cost;
using PruneLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Bench;

/// <summary>One batch size: measured latency of the dense and the smaller network, and the speed-up the FLOPs promise.</summary>
public sealed record LatencyRow(int Batch, double DenseMs, double PrunedMs, double Speedup, double FlopsSpeedup)
{
    /// <summary>How much of the theoretical (FLOPs) speed-up the clock shows.</summary>
    public double Realised => (Speedup - 1) / Math.Max(FlopsSpeedup - 1, 1e-9);
}

/// <summary>
/// Wall-clock inference latency of a dense network and a pruned one at each batch size, their calls interleaved in one
/// run (<see cref="ForwardLatency"/>) so they share the machine's state; about <c>minSeconds</c> per batch size.
/// </summary>
public static class LatencyComparison
{
    public static IReadOnlyList<LatencyRow> Measure(PrunableNet dense, PrunableNet pruned, int[] batches, Device? device = null, double minSeconds = 1.0)
    {
        device ??= CPU;
        dense.to(device);
        pruned.to(device);
        double flopsSpeedup = (double)FlopCounter.Count(dense.Architecture).Flops / FlopCounter.Count(pruned.Architecture).Flops;
        return batches.Select(batch =>
        {
            var ms = ForwardLatency.Ms([dense, pruned], batch, ForwardLatency.CallsFor(dense, batch, minSeconds, device), device);
            return new LatencyRow(batch, ms[0], ms[1], ms[0] / ms[1], flopsSpeedup);
        }).ToArray();
    }
}
