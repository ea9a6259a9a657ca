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
/// Wall-clock inference latency (eval mode, no gradients, warm-up, median of repeats) of a dense network and a
/// pruned one, measured one after the other in one run so they share the machine's state.
/// </summary>
public static class LatencyComparison
{
    public static IReadOnlyList<LatencyRow> Measure(PrunableNet dense, PrunableNet pruned, int[] batches, Device? device = null, double minSeconds = 1.0)
    {
        device ??= CPU;
        double flopsSpeedup = (double)FlopCounter.Count(dense.Architecture).Flops / FlopCounter.Count(pruned.Architecture).Flops;
        var rows = new List<LatencyRow>();
        foreach (var batch in batches)
        {
            double denseMs = Milliseconds(dense, batch, device, minSeconds), prunedMs = Milliseconds(pruned, batch, device, minSeconds);
            rows.Add(new LatencyRow(batch, denseMs, prunedMs, denseMs / prunedMs, flopsSpeedup));
        }
        return rows;
    }

    static double Milliseconds(PrunableNet model, int batch, Device device, double minSeconds)
    {
        model.to(device);
        using var x = randn(batch, model.Spec.InChannels, model.Spec.ImageSize, model.Spec.ImageSize, device: device);
        return 1000 * Timing.InferenceSeconds(model, x, device, minSeconds);
    }
}
