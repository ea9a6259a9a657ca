using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace PruneLab.Runtime;

/// <summary>What a result was measured on, saved beside every run's config.</summary>
public sealed record RunEnvironment(string Machine, string Os, int Cores, int TorchThreads, string Device, string Runtime, string NativeLoad, string ConvBackend, bool HeapTuned, DateTime StartedUtc)
{
    public static RunEnvironment Describe(Device device) => new(
        Environment.MachineName, RuntimeInformation.OSDescription, Environment.ProcessorCount, get_num_threads(),
        device.type.ToString(), RuntimeInformation.FrameworkDescription, NativeTorch.Status,
        ConvolutionGuard.Backend, HeapTuning.Applied, DateTime.UtcNow);
}
