using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Bench;

/// <summary>
/// Inference latency of several networks on random input of one batch size, their forward calls interleaved
/// (<see cref="InterleavedTiming"/>) so that the machine's drift hits them alike: eval mode, no gradients, ms per call.
/// </summary>
public static class ForwardLatency
{
    public static double[] Ms(IReadOnlyList<Models.PrunableNet> models, int batch, int calls, Device device) =>
        Passes(models, batch, calls, device).Select(p => TimingStats.Of(p).Median).ToArray();

    /// <summary>Ms per call of every network in each of <paramref name="repeats"/> passes of <paramref name="calls"/> calls [network][pass].</summary>
    public static double[][] Passes(IReadOnlyList<Models.PrunableNet> models, int batch, int calls, Device device, int repeats = 5)
    {
        var inputs = models.Select(m =>
        {
            m.eval();
            return randn(batch, m.Spec.InChannels, m.Spec.ImageSize, m.Spec.ImageSize, device: device);
        }).ToArray();
        try
        {
            using var _ = no_grad();
            return InterleavedTiming.Passes(models.Select((m, k) => (Action<int>)(_ =>
            {
                using var scope = NewDisposeScope();
                m.call(inputs[k]);
                MachinePeak.Sync(device);
            })).ToArray(), Math.Max(1, calls), repeats);
        }
        finally
        {
            foreach (var x in inputs) x.Dispose();
        }
    }

    /// <summary>Calls per pass so that the first network's five passes take about <paramref name="minSeconds"/> (one call probed after a warm-up call).</summary>
    public static int CallsFor(Models.PrunableNet model, int batch, double minSeconds, Device device)
    {
        double probe = 1e-3 * Ms([model], batch, 1, device)[0];
        return (int)Math.Clamp(Math.Ceiling(minSeconds / (5 * Math.Max(probe, 1e-6))), 3, 1000);
    }
}
