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

    /// <summary>The CPU model (from /proc/cpuinfo where there is one), its cores and the OS, for reports.</summary>
    public static string Hardware()
    {
        string cpu = "unknown CPU";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        return $"{cpu}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}";
    }
}
