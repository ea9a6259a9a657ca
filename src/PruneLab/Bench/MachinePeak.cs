using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Bench;

/// <summary>The device's dense float32 matmul rate: the ceiling conv layers are compared against.</summary>
public static class MatmulPeak
{
    /// <summary>Multiply-accumulates per second (1 MAC = the papers' "FLOP") of an n x n by n x n matmul.</summary>
    public static double MacsPerSecond(Device device, int n = 2048)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n, device: device);
        var b = randn(n, n, device: device);
        // A peak is the best the device reaches: the best of three medians, so one disturbed stretch does not set it.
        double seconds = Enumerable.Range(0, 3).Min(_ => Timing.MedianSeconds(() => { using var c = a.matmul(b); Sync(device); }, minRepeats: 5, minSeconds: 1.0));
        return (double)n * n * n / seconds;
    }

    internal static void Sync(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize();
    }
}
