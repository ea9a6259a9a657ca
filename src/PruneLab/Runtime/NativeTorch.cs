using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace PruneLab.Runtime;

/// <summary>
/// Makes TorchSharp's native wrapper load before the first tensor operation.
/// TorchSharp 0.107's libLibTorchSharp.so demands GLIBCXX_3.4.32 (GCC 13) for one marker symbol it never calls;
/// Debian 12 ships GLIBCXX_3.4.30, so the loader refuses it. Where (and only where) loading the shipped file fails
/// for that reason, we load a private copy whose demand is marked weak, from a cache folder of ours, and point
/// TorchSharp's DllImports at it. Nothing the user owns is edited; nothing happens where the original loads.
/// See environment.md.
/// </summary>
public static class NativeTorch
{
    const string WrapperFile = "libLibTorchSharp.so";
    const string MissingVersion = "GLIBCXX_3.4.32";
    static readonly object Gate = new();
    static string? _status;

    /// <summary>How the wrapper was loaded: "not needed", "original", or "patched copy at ...".</summary>
    public static string Status => _status ?? "not loaded";

    /// <summary>Runs as soon as any PruneLab type is touched, so library users need no call of their own.</summary>
    [ModuleInitializer]
    internal static void LoadOnFirstUse() => EnsureLoaded();

    /// <summary>Idempotent; safe from any thread. Throws with a readable message when no wrapper can be loaded.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_status != null) return;
            HeapTuning.Apply();
            if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            {
                _status = "not needed";
                return;
            }
            var torchSharp = typeof(torch).Assembly;
            var original = NativeLibraryLocator.FindWrapper(torchSharp, WrapperFile);
            if (original == null)
            {
                _status = "not found; left to TorchSharp"; // e.g. a CUDA or custom layout TorchSharp resolves itself
                return;
            }
            try
            {
                NativeLibrary.Load(original);
                _status = "original";
                return;
            }
            catch (DllNotFoundException e) when (e.Message.Contains(MissingVersion))
            {
                // fall through to the private copy
            }
            var copy = PrivateCopy.Create(original, NativeLibraryLocator.FindLibTorchDirectory(original), MissingVersion);
            var handle = NativeLibrary.Load(copy);
            NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name == "LibTorchSharp" ? handle : IntPtr.Zero);
            _status = "patched copy at " + copy;
        }
    }
}
