using System.Reflection;
using TorchSharp;

namespace PruneLab.Runtime;

/// <summary>
/// Which libtorch build computes the convolutions, for keying what was learnt about its kernels: the libtorch version
/// TorchSharp was built for (<c>torch.__version__</c>, e.g. 2.10.0.0), TorchSharp's own version, and the size of the
/// libtorch_cpu library the process really mapped (another build of the same version, e.g. from another package, has
/// another oneDNN). oneDNN's ISA limit variables are part of it: they make oneDNN pick other kernels.
/// </summary>
internal static class LibTorchIdentity
{
    public static string Current { get; } = Read();

    static string Read()
    {
        var torchSharp = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "?";
        var text = $"libtorch {torch.__version__}, TorchSharp {torchSharp.Split('+')[0]}";
        if (MappedLibrarySize("libtorch_cpu.") is { } size) text += $", libtorch_cpu {size} bytes";
        foreach (var name in new[] { "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA" })
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } isa) text += $", {name}={isa}";
        return text;
    }

    /// <summary>The size of the first library mapped into this process whose file name starts so (Linux only).</summary>
    static long? MappedLibrarySize(string fileNamePrefix)
    {
        try
        {
            if (!File.Exists("/proc/self/maps")) return null;
            _ = TorchBackends.IsAvailable; // binding the switches loads libtorch, so it is mapped by now
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash < 0) continue;
                var path = line[slash..];
                if (Path.GetFileName(path).StartsWith(fileNamePrefix, StringComparison.Ordinal) && File.Exists(path))
                    return new FileInfo(path).Length;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
