using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Runtime;

/// <summary>
/// libtorch's version counter of a tensor (PyTorch's <c>tensor._version</c>), which TorchSharp does not expose: every
/// in-place change bumps it (optimizer steps, <c>copy_</c> under no_grad, load_state_dict, init), and views and
/// detached aliases share it. Read through libtorch_cpu's exported <c>at::native::_version(const Tensor&amp;)</c>;
/// a TorchSharp handle points at an <c>at::Tensor</c>. Null where the symbol cannot be bound (callers then must not
/// cache anything derived from the tensor).
/// </summary>
internal static class TensorVersion
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate long VersionGetter(IntPtr tensor);

    static readonly Lazy<VersionGetter?> Getter = new(Bind);

    public static bool IsAvailable => Getter.Value is not null;

    public static long? Of(Tensor tensor) => Getter.Value is { } get ? get(tensor.Handle) : null;

    static VersionGetter? Bind()
    {
        if (OperatingSystem.IsWindows()) return null;
        NativeTorch.EnsureLoaded();
        torch.InitializeDeviceType(DeviceType.CPU);
        if (!NativeLibrary.TryLoad(OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so", out var lib)) return null;
        return NativeLibrary.TryGetExport(lib, "_ZN2at6native8_versionERKNS_6TensorE", out var address)
            ? Marshal.GetDelegateForFunctionPointer<VersionGetter>(address)
            : null;
    }
}
