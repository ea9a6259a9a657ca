using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace PruneLab.Runtime;

/// <summary>
/// Makes TorchSharp's native wrapper load before the first tensor operation, on machines and in layouts where it does
/// not load by itself: TorchSharp 0.107's libLibTorchSharp.so demands GLIBCXX_3.4.32 (GCC 13) for one marker symbol
/// it never calls, which Debian 12's libstdc++ lacks; and under a notebook's <c>#r "nuget:"</c> the wrapper and libtorch
/// sit in different package folders, where the wrapper's run-path cannot find libtorch (any Linux). Where (and only
/// where) the shipped file fails, <see cref="WrapperLoader"/> loads a private copy from a cache folder of ours and
/// TorchSharp's DllImports are pointed at it. Nothing the user owns is edited. See environment.md.
/// </summary>
public static class NativeTorch
{
    const string WrapperFile = "libLibTorchSharp.so";
    static readonly object Gate = new();
    static string? _status;

    /// <summary>How the wrapper was loaded: "not needed", "original", "private copy at ...", "patched copy at ...".</summary>
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
            var (handle, status) = WrapperLoader.Load(original, NativeLibraryLocator.FindLibTorchDirectory(original),
                NativeLibrary.Load, PrivateCopy.Create);
            if (status != "original")
                NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name == "LibTorchSharp" ? handle : IntPtr.Zero);
            _status = status;
        }
    }
}
