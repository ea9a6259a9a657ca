using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Bench;

/// <summary>Wall-clock timing with warm-up and the median of repeated runs, shared by every speed measurement.</summary>
public static class Timing
{
    /// <summary>Median seconds per call of <paramref name="work"/>, after at least <paramref name="warmup"/> calls and
    /// <paramref name="warmupSeconds"/> of warm-up (first calls pay for kernel selection, oneDNN's JIT and the
    /// allocator growing); repeats at least <paramref name="minRepeats"/> times and until <paramref name="minSeconds"/> have passed.</summary>
    public static double MedianSeconds(Action work, int warmup = 2, int minRepeats = 5, double minSeconds = 1.0, int maxRepeats = 1000,
        double warmupSeconds = 1.0)
    {
        var warming = Stopwatch.StartNew();
        for (int i = 0; i < warmup || warming.Elapsed.TotalSeconds < warmupSeconds; i++) work();
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (samples.Count < maxRepeats && (samples.Count < minRepeats || total.Elapsed.TotalSeconds < minSeconds))
        {
            var sw = Stopwatch.StartNew();
            work();
            samples.Add(sw.Elapsed.TotalSeconds);
        }
        samples.Sort();
        return samples.Count % 2 == 1 ? samples[samples.Count / 2] : (samples[samples.Count / 2 - 1] + samples[samples.Count / 2]) / 2;
    }

    /// <summary>Median seconds of one inference forward pass (eval mode, no gradients) on <paramref name="input"/>.</summary>
    public static double InferenceSeconds(nn.Module<Tensor, Tensor> model, Tensor input, Device device, double minSeconds = 1.0)
    {
        model.eval();
        using var _ = no_grad();
        return MedianSeconds(() =>
        {
            using var scope = NewDisposeScope();
            model.call(input);
            MachinePeak.Sync(device);
        }, minSeconds: minSeconds);
    }
}
