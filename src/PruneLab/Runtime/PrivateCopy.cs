using System.Security.Cryptography;
using System.Text;

namespace PruneLab.Runtime;

/// <summary>
/// A folder of ours holding a copy of the wrapper (with one version requirement marked weak, where asked) and symbolic
/// links to libtorch's libraries, so the wrapper's $ORIGIN run-path finds them even where NuGet keeps libtorch in
/// another package's folder. Keyed by the original's path, size and time and by the repair, so an upgrade makes a new one.
/// </summary>
static class PrivateCopy
{
    public static string Create(string original, string? libTorchDir, string? versionToWeaken)
    {
        var info = new FileInfo(original);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{libTorchDir}|{versionToWeaken}")))[..16].ToLowerInvariant();
        var folder = Path.Combine(CacheFolder.Root, "torchsharp-native", key);
        Directory.CreateDirectory(folder);

        var target = Path.Combine(folder, info.Name);
        if (!File.Exists(target))
        {
            var bytes = File.ReadAllBytes(original);
            if (versionToWeaken is not null && ElfVersionNeeds.MarkWeak(bytes, versionToWeaken) == 0)
                throw new InvalidOperationException($"{original} does not require {versionToWeaken}; cannot repair it.");
            var temp = target + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, target, overwrite: true); // atomic: concurrent processes see the old or the whole new file
        }
        foreach (var dir in new[] { Path.GetDirectoryName(original)!, libTorchDir }.OfType<string>().Distinct())
            foreach (var lib in Directory.EnumerateFiles(dir, "*.so*"))
                LinkInto(folder, lib);
        return target;
    }

    static void LinkInto(string folder, string lib)
    {
        var link = Path.Combine(folder, Path.GetFileName(lib));
        if (File.Exists(link)) return; // includes the patched wrapper itself
        try { File.CreateSymbolicLink(link, lib); }
        catch (IOException) { /* another process made it first */ }
    }
}
