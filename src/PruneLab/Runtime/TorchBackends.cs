using System.Runtime.InteropServices;
using TorchSharp;

namespace PruneLab.Runtime;

/// <summary>
/// Switches for libtorch's CPU convolution back-ends that TorchSharp does not expose (PyTorch's
/// <c>torch.backends.mkldnn.enabled</c> and <c>torch.backends.nnpack.enabled</c>). They are members of
/// <c>at::Context</c>, reached through libtorch_cpu's exported Itanium-ABI symbols, so only where that ABI holds
/// (Linux, macOS); elsewhere <see cref="IsAvailable"/> is false and the setters do nothing.
/// </summary>
public static class TorchBackends
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate IntPtr ContextGetter();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate void FlagSetter(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    delegate bool FlagGetter(IntPtr context);

    static readonly Lazy<Native?> Symbols = new(Native.Bind);

    public static bool IsAvailable => Symbols.Value is not null;

    /// <summary>oneDNN (MKL-DNN) convolutions; when off, libtorch uses its own im2col + BLAS kernels.</summary>
    public static bool MkldnnEnabled
    {
        get => Symbols.Value is { } s && s.GetMkldnn(s.Context);
        set { if (Symbols.Value is { } s) s.SetMkldnn(s.Context, value); }
    }

    /// <summary>NNPACK convolutions (used by libtorch for some batch-1 shapes).</summary>
    public static bool NnpackEnabled
    {
        get => Symbols.Value is { } s && s.GetNnpack(s.Context);
        set { if (Symbols.Value is { } s) s.SetNnpack(s.Context, value); }
    }

    sealed record Native(IntPtr Context, FlagGetter GetMkldnn, FlagSetter SetMkldnn, FlagGetter GetNnpack, FlagSetter SetNnpack)
    {
        public static Native? Bind()
        {
            if (OperatingSystem.IsWindows()) return null;
            NativeTorch.EnsureLoaded();
            torch.InitializeDeviceType(DeviceType.CPU); // makes TorchSharp load libtorch itself
            if (!NativeLibrary.TryLoad(OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so", out var lib)) return null;
            T? Get<T>(string symbol) where T : Delegate =>
                NativeLibrary.TryGetExport(lib, symbol, out var address) ? Marshal.GetDelegateForFunctionPointer<T>(address) : null;
            var context = Get<ContextGetter>("_ZN2at13globalContextEv");
            var getMkldnn = Get<FlagGetter>("_ZNK2at7Context17userEnabledMkldnnEv");
            var setMkldnn = Get<FlagSetter>("_ZN2at7Context20setUserEnabledMkldnnEb");
            var getNnpack = Get<FlagGetter>("_ZNK2at7Context17userEnabledNNPACKEv");
            var setNnpack = Get<FlagSetter>("_ZN2at7Context20setUserEnabledNNPACKEb");
            if (context is null || getMkldnn is null || setMkldnn is null || getNnpack is null || setNnpack is null) return null;
            return new Native(context(), getMkldnn, setMkldnn, getNnpack, setNnpack);
        }
    }
}
