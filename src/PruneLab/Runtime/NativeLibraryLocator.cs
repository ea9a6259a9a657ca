using System.Reflection;

namespace PruneLab.Runtime;

/// <summary>Finds TorchSharp's wrapper and libtorch's folder in the layouts a build output or a NuGet cache has.</summary>
static class NativeLibraryLocator
{
    const string NativeSubdir = "runtimes/linux-x64/native";

    public static string? FindWrapper(Assembly torchSharp, string fileName)
    {
        var dir = Path.GetDirectoryName(torchSharp.Location);
        if (string.IsNullOrEmpty(dir)) return null;
        string[] candidates =
        [
            Path.Combine(dir, fileName),                                  // RID-specific build output
            Path.Combine(dir, NativeSubdir, fileName),                    // portable build output
            Path.GetFullPath(Path.Combine(dir, "..", "..", NativeSubdir, fileName)), // NuGet cache: lib/<tfm>/
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>The folder holding libtorch_cpu.so: beside the wrapper in a build output, else the NuGet cache.</summary>
    public static string? FindLibTorchDirectory(string wrapperPath)
    {
        var beside = Path.GetDirectoryName(wrapperPath)!;
        if (File.Exists(Path.Combine(beside, "libtorch_cpu.so"))) return beside;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                       ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (!Directory.Exists(packages)) return null;
        return Directory.EnumerateDirectories(packages, "libtorch-*-linux-x64")
            .SelectMany(Directory.EnumerateDirectories)
            .Select(v => Path.Combine(v, NativeSubdir))
            .Where(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
