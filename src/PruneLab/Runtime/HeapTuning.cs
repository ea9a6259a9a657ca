using System.Runtime.InteropServices;

namespace PruneLab.Runtime;

/// <summary>
/// Keeps glibc from handing large freed blocks back to the kernel. libtorch allocates every tensor with malloc; blocks
/// above glibc's mmap threshold (at most 32 MB) are fresh mappings, so a training step that frees and reallocates
/// tens of megabytes pays a page fault per 4 KB each time. Measured on MetaPruning's PruningNet (30M generator
/// weights): the SGD step alternated between 18 ms and 140-200 ms; with these settings it stays at 18 ms.
/// PRUNELAB_HEAP_TUNING=0 leaves glibc's defaults.
/// </summary>
public static class HeapTuning
{
    const int TrimThreshold = -1, MmapThreshold = -3; // mallopt parameters from glibc's malloc.h
    const int Large = 1 << 30;

    public static bool Applied { get; private set; }

    internal static void Apply()
    {
        if (Applied || !OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("PRUNELAB_HEAP_TUNING") == "0") return;
        try
        {
            Applied = mallopt(MmapThreshold, Large) == 1 && mallopt(TrimThreshold, Large) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Applied = false; // not glibc (e.g. musl): nothing to tune
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int mallopt(int parameter, int value);
}
