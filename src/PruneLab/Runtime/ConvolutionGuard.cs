using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Runtime;

/// <summary>
/// Every convolution of the kit goes through here. On some CPUs libtorch 2.10's oneDNN kernels return wrong numbers
/// for some shapes (seen on AMD EPYC machines: the forward pass when the input channels are above 16 and not a multiple
/// of 16, the input gradient when the output channels are not a multiple of 16; 20-100% errors, now and then NaN),
/// while on others (e.g. an EPYC of family 26) oneDNN is right everywhere and any workaround only costs time.
/// So each geometry is checked on the machine, once: its forward against libtorch's native kernels when first run, its
/// backward only when a call first needs gradients (<see cref="ConvProbe"/>). The verdicts are kept on disk per CPU
/// model and libtorch build (<see cref="CachePath"/>). Only where a check failed does a call leave plain oneDNN: padded
/// with zero channels to a multiple of 16, where that padded geometry passes its own check, else on the native kernels
/// (a wrong backward alone through <see cref="NativeBackwardConvolution"/>).
/// PRUNELAB_CONV_BACKEND=auto (default: the checks) | onednn (trust it everywhere) | native (never use it).
/// </summary>
public static class ConvolutionGuard
{
    public const string BackendVariable = "PRUNELAB_CONV_BACKEND";

    static readonly object NativeGate = new();
    static readonly ConcurrentDictionary<(ConvGeometry, bool NeedsGrad), ConvRoute> Routes = new();
    static readonly ConcurrentDictionary<ConvGeometry, ConvVerdict> TestVerdicts = new();
    static readonly Lazy<ConvVerdictCache> MachineVerdicts = new(ConvVerdictCache.ForThisMachine);
    static ConvVerdictCache? _testCache;
    static readonly Lazy<string> Policy = new(() =>
    {
        // NNPACK cannot initialise on these CPUs and libtorch then warns on every batch-1 convolution; where it
        // does work, oneDNN is preferred by libtorch anyway. Off, it costs nothing and silences the flood.
        TorchBackends.NnpackEnabled = false;
        return ReadPolicy();
    });

    static ConvVerdictCache Verdicts => _testCache ?? MachineVerdicts.Value;

    /// <summary>"auto", "onednn" or "native" (from PRUNELAB_CONV_BACKEND).</summary>
    public static string Backend => Policy.Value;

    /// <summary>The file this machine's verdicts are kept in; null where the CPU cannot be identified (kept in memory).</summary>
    public static string? CachePath => Verdicts.Path;

    /// <summary>What the verdicts are keyed by: the CPU model (and AVX-512) and the libtorch build.</summary>
    public static string CacheKey => Verdicts.Key;

    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long stride, long padding, long groups) =>
        Conv2d(input, weight, bias, stride, padding, groups, paddedWeights: null);

    /// <summary>As the public overload; a module passes its <paramref name="paddedWeights"/> to pad its weights once, not per call.</summary>
    internal static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long stride, long padding, long groups, PaddedWeightCache? paddedWeights)
    {
        if (input.device_type != DeviceType.CPU || !TorchBackends.IsAvailable || Policy.Value == "onednn"
            || input.dtype == ScalarType.Float64) // libtorch never sends float64 to oneDNN
            return Plain(input, weight, bias, stride, padding, groups);
        var geometry = ConvGeometry.Of(input, weight, stride, padding, groups);
        bool needsGrad = is_grad_enabled() && (input.requires_grad || weight.requires_grad || bias is { requires_grad: true });
        var route = Policy.Value == "native" || input.dtype != ScalarType.Float32 ? ConvRoute.Native : RouteOf(geometry, needsGrad);
        switch (route)
        {
            case ConvRoute.OneDnn:
                return Plain(input, weight, bias, stride, padding, groups);
            case ConvRoute.Padded:
                var target = ChannelPadding.Target(geometry)!.Value;
                var (w, b) = paddedWeights is not null && !needsGrad
                    ? paddedWeights.Get(weight, bias, geometry, target)
                    : ChannelPadding.Weights(weight, bias, geometry, target);
                var x = ChannelPadding.Input(input, geometry, target);
                return Conv2d(x, w, b, stride, padding, target.Groups, null).narrow(1, 0, geometry.OutChannels);
            case ConvRoute.NativeBackward:
                return NativeBackwardConvolution.apply(input, weight, bias, new ConvSettings(stride, padding, groups, OneDnnForward: true));
            default:
                return needsGrad
                    ? NativeBackwardConvolution.apply(input, weight, bias, new ConvSettings(stride, padding, groups, OneDnnForward: false))
                    : WithoutOneDnn(() => Plain(input, weight, bias, stride, padding, groups));
        }
    }

    /// <summary>
    /// The geometry a call of <paramref name="requested"/> really computes (padded channels included), for counting
    /// executed work beside the nominal. Checks the geometry first if that has not been done on this machine.
    /// </summary>
    public static ConvGeometry ExecutedGeometry(ConvGeometry requested, bool needsGrad = false)
    {
        if (!TorchBackends.IsAvailable || Policy.Value != "auto") return requested;
        return RouteOf(requested, needsGrad) == ConvRoute.Padded ? ChannelPadding.Target(requested)!.Value : requested;
    }

    /// <summary>For reports: the policy, how many geometries were checked and failed, and where the verdicts are kept.</summary>
    public static ConvGuardSummary Describe()
    {
        var (forward, forwardFailed, backward, backwardFailed, checkedHere) = Verdicts.Counts();
        return new ConvGuardSummary(Backend, forward, forwardFailed, backward, backwardFailed, checkedHere, CachePath, CacheKey);
    }

    /// <summary>
    /// How a call runs. Plain oneDNN when its check passed; else padded, when the padded geometry passes (the faults
    /// seen spared multiples of 16, and padding costs far less than the native kernels, 4-7x slower); else native,
    /// keeping oneDNN's forward when only the backward failed. Backward checks only for calls that need gradients.
    /// </summary>
    internal static ConvRoute RouteOf(ConvGeometry g, bool needsGrad) => Routes.GetOrAdd((g, needsGrad), key =>
    {
        var (geometry, grad) = key;
        bool Passes(ConvGeometry x) => ForwardRight(x) && (!grad || BackwardRight(x));
        if (Passes(geometry)) return ConvRoute.OneDnn;
        if (ChannelPadding.Target(geometry) is { } padded && Passes(padded)) return ConvRoute.Padded;
        return grad && ForwardRight(geometry) ? ConvRoute.NativeBackward : ConvRoute.Native;
    });

    static bool ForwardRight(ConvGeometry g) => Verdict(g, backward: false);

    static bool BackwardRight(ConvGeometry g) => Verdict(g, backward: true);

    static bool Verdict(ConvGeometry g, bool backward)
    {
        if (TestVerdicts.TryGetValue(g, out var injected) && (backward ? injected.Backward : injected.Forward) is { } forced) return forced;
        var known = Verdicts.Get(g);
        if ((backward ? known.Backward : known.Forward) is { } cached) return cached;
        // Under the gate, so no other thread switches oneDNN off while its side of the check runs.
        bool right;
        lock (NativeGate) right = backward ? ConvProbe.BackwardRight(g) : ConvProbe.ForwardRight(g);
        Verdicts.Record(g, backward ? new ConvVerdict(null, right) : new ConvVerdict(right, null));
        return right;
    }

    internal static Tensor Plain(Tensor input, Tensor weight, Tensor? bias, long stride, long padding, long groups) =>
        nn.functional.conv2d(input, weight, bias, strides: [stride, stride], padding: [padding, padding], groups: groups);

    /// <summary>Runs <paramref name="work"/> with oneDNN switched off, then on again (its resting state).</summary>
    internal static T WithoutOneDnn<T>(Func<T> work)
    {
        lock (NativeGate)
        {
            TorchBackends.MkldnnEnabled = false;
            try { return work(); }
            finally { TorchBackends.MkldnnEnabled = true; }
        }
    }

    /// <summary>Forces a verdict (null: check as usual) for one geometry until disposed; never written to the cache.</summary>
    internal static IDisposable SetVerdictForTest(ConvGeometry g, bool? forward, bool? backward)
    {
        TestVerdicts[g] = new ConvVerdict(forward, backward);
        Routes.Clear();
        return new Undo(() => { TestVerdicts.TryRemove(g, out _); Routes.Clear(); });
    }

    /// <summary>Keeps verdicts in <paramref name="cache"/> instead of this machine's file until disposed.</summary>
    internal static IDisposable UseVerdictCacheForTest(ConvVerdictCache cache)
    {
        _testCache = cache;
        Routes.Clear();
        return new Undo(() => { _testCache = null; Routes.Clear(); });
    }

    sealed class Undo(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    static string ReadPolicy()
    {
        var value = (Environment.GetEnvironmentVariable(BackendVariable) ?? "auto").Trim().ToLowerInvariant();
        return value is "auto" or "onednn" or "native" ? value
            : throw new ArgumentException($"{BackendVariable}={value}: expected auto, onednn or native");
    }
}

/// <summary>How the guard runs one geometry.</summary>
internal enum ConvRoute
{
    /// <summary>oneDNN as libtorch picks it.</summary>
    OneDnn,
    /// <summary>Zero channels up to a multiple of 16, then the padded geometry's own route.</summary>
    Padded,
    /// <summary>oneDNN's forward, the native kernels' gradients.</summary>
    NativeBackward,
    /// <summary>The native kernels both ways.</summary>
    Native,
}

internal sealed record ConvSettings(long Stride, long Padding, long Groups, bool OneDnnForward);
