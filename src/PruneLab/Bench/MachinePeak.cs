using PruneLab.Models;
using PruneLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Bench;

/// <summary>
/// The machine's float32 peak as the best of what it reaches on a large matmul and on each distinct conv of a
/// full-width VGG-16 at 32x32 (the kit's heaviest layers) at a large batch. A network is a sum of such layers, so its
/// rate stays below the best of them: no figure measured against this peak exceeds 100%, as one against a matmul
/// alone did (a VGG-16 at batch 128 read "166%": libtorch's convs beat its 2048 x 2048 matmul on these CPUs).
/// </summary>
public sealed record MachinePeak(double MatmulMacsPerSecond, double ConvMacsPerSecond, string BestConv)
{
    /// <summary>Multiply-accumulates per second (1 MAC = the papers' "FLOP").</summary>
    public double MacsPerSecond => Math.Max(MatmulMacsPerSecond, ConvMacsPerSecond);

    public string Source => ConvMacsPerSecond > MatmulMacsPerSecond ? $"conv {BestConv}" : "matmul 2048x2048";

    public static MachinePeak Measure(Device device, int convBatch = 64, int n = 2048)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n, device: device);
        var b = randn(n, n, device: device);
        double matmul = (double)n * n * n / Best(() => { using var c = a.matmul(b); Sync(device); });

        using var vgg = ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 3, 32, 10, 1.0));
        var arch = vgg.Architecture;
        double conv = 0;
        string best = "";
        foreach (var site in arch.Sites.Select(s => (Layer: arch.Layer(s.Name), Size: s.OutHeight)).DistinctBy(s => (s.Layer.InChannels, s.Layer.OutChannels, s.Size)))
        {
            var l = site.Layer;
            var x = randn(convBatch, l.InChannels, site.Size, site.Size, device: device);
            var w = randn(l.OutChannels, l.InChannels, l.Kernel, l.Kernel, device: device);
            double macs = (double)convBatch * l.OutChannels * l.InChannels * l.Kernel * l.Kernel * site.Size * site.Size;
            double rate = macs / Best(() => { using var y = ConvolutionGuard.Conv2d(x, w, null, 1, l.Kernel / 2, 1); Sync(device); }, 0.3);
            if (rate > conv) (conv, best) = (rate, $"{l.InChannels}->{l.OutChannels} 3x3 at {site.Size}x{site.Size}, batch {convBatch}");
        }
        return new MachinePeak(matmul, conv, best);
    }

    /// <summary>A peak is the best the device reaches: the best of three medians, so one disturbed stretch does not set it.</summary>
    static double Best(Action work, double seconds = 1.0) =>
        Enumerable.Range(0, 3).Min(_ => Timing.MedianSeconds(work, minRepeats: 5, minSeconds: seconds, warmupSeconds: seconds / 2));

    internal static void Sync(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize();
    }
}
