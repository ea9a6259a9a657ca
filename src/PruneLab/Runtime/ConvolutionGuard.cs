using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Runtime;

/// <summary>
/// Every convolution of the kit goes through here. On some CPUs libtorch 2.10's oneDNN kernels return wrong
/// numbers for some shapes (found on this project's AMD EPYC machines: the forward pass when the input channels are
/// above 16 and not a multiple of 16, the input gradient when the output channels are not a multiple of 16, with
/// relative errors of 20-100% and occasional NaN), while libtorch's own im2col kernels are right but 4-7x slower.
/// So oneDNN only ever sees channel counts it got right in every test (<see cref="Trusted"/>): other counts are padded
/// with zero channels up to a multiple of 16 (<see cref="Padded"/>). Even then each new geometry is checked once per
/// process against the native kernels; a wrong forward runs natively, a wrong backward runs through
/// <see cref="NativeBackwardConvolution"/>.
/// PRUNELAB_CONV_BACKEND=auto (default) | onednn (trust it everywhere) | native (never use it).
/// </summary>
public static class ConvolutionGuard
{
    public const string BackendVariable = "PRUNELAB_CONV_BACKEND";
    static readonly ConcurrentDictionary<ConvGeometry, ConvVerdict> Verdicts = new();
    static readonly object NativeGate = new();
    static readonly Lazy<string> Policy = new(() =>
    {
        // NNPACK cannot initialise on these CPUs and libtorch then warns on every batch-1 convolution; where it
        // does work, oneDNN is preferred by libtorch anyway. Off, it costs nothing and silences the flood.
        TorchBackends.NnpackEnabled = false;
        return ReadPolicy();
    });

    /// <summary>"auto", "onednn" or "native" (from PRUNELAB_CONV_BACKEND).</summary>
    public static string Backend => Policy.Value;

    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long stride, long padding, long groups)
    {
        if (input.device_type != DeviceType.CPU || !TorchBackends.IsAvailable || Policy.Value == "onednn")
            return Plain(input, weight, bias, stride, padding, groups);
        var geometry = ConvGeometry.Of(input, weight, stride, padding, groups);
        if (Policy.Value == "auto" && !Trusted(geometry) && (groups == 1 || groups == geometry.InChannels && groups == geometry.OutChannels))
            return Padded(input, weight, bias, stride, padding, groups);
        var verdict = Policy.Value == "native" ? ConvVerdict.NativeOnly
            : Verdicts.GetOrAdd(geometry, g => Trusted(g) ? Probe(g) : ConvVerdict.NativeOnly);
        bool needsGrad = is_grad_enabled() && (input.requires_grad || weight.requires_grad || bias is { requires_grad: true });
        if (verdict.ForwardOk && (verdict.BackwardOk || !needsGrad)) return Plain(input, weight, bias, stride, padding, groups);
        if (!needsGrad) return WithoutOneDnn(() => Plain(input, weight, bias, stride, padding, groups));
        return NativeBackwardConvolution.apply(input, weight, bias, new ConvSettings(stride, padding, groups, verdict.ForwardOk));
    }

    /// <summary>
    /// An untrusted channel count computed as a trusted one: zero channels pad the weights (and, where needed, the input)
    /// up to a multiple of 16, the trusted conv runs, and the extra outputs are dropped. oneDNN pads its blocked layouts
    /// to 16 channels anyway, so this costs about what the kernel would; autograd carries the gradients through
    /// pad and narrow, and the padded weights' gradients are simply discarded.
    /// </summary>
    static Tensor Padded(Tensor input, Tensor weight, Tensor? bias, long stride, long padding, long groups)
    {
        long cin = input.shape[1], cout = weight.shape[0];
        static long Up(long c) => (c + 15) / 16 * 16;
        bool depthwise = groups > 1;
        long coutPadded = Up(cout), cinPadded = depthwise ? coutPadded : cin <= 16 || cin % 16 == 0 ? cin : Up(cin);
        var w = nn.functional.pad(weight, [0, 0, 0, 0, 0, depthwise ? 0 : cinPadded - cin, 0, coutPadded - cout]);
        var x = cinPadded > cin ? nn.functional.pad(input, [0, 0, 0, 0, 0, cinPadded - cin]) : input;
        var b = bias is null ? null : nn.functional.pad(bias, [0, coutPadded - cout]);
        return Conv2d(x, w, b, stride, padding, depthwise ? coutPadded : 1).narrow(1, 0, cout);
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

    /// <summary>
    /// Channel counts oneDNN got right in every test on these machines: output channels a multiple of 16, input
    /// channels a multiple of 16 or at most 16. Others failed in ways a probe can miss (a NaN now and then, seen while
    /// retraining a pruned ResNet after its probe had passed), so they never reach oneDNN.
    /// </summary>
    public static bool Trusted(ConvGeometry g) =>
        g.OutChannels % 16 == 0 && (g.InChannels % 16 == 0 || g.InChannels <= 16);

    /// <summary>Compares oneDNN with the native kernels on random data of this geometry (twice: some faults are intermittent).</summary>
    static ConvVerdict Probe(ConvGeometry g)
    {
        using var _ = NewDisposeScope();
        using var grad = enable_grad(); // the probe differentiates, even when called under no_grad
        var generator = new Generator(unchecked((ulong)g.GetHashCode()));
        var x = randn([g.Batch, g.InChannels, g.Height, g.Width], generator: generator);
        var w = randn([g.OutChannels, g.InChannels / g.Groups, g.KernelHeight, g.KernelWidth], generator: generator);
        var (y0, gx0, gw0) = WithoutOneDnn(() => Pass(x, w, g, generator: new Generator(7)));
        bool forward = true, backward = true;
        for (int i = 0; i < 2; i++)
        {
            var (y, gx, gw) = Pass(x, w, g, new Generator(7));
            forward &= Close(y, y0);
            backward &= Close(gx, gx0) && Close(gw, gw0);
        }
        return new ConvVerdict(forward, backward);
    }

    static (Tensor Y, Tensor Gx, Tensor Gw) Pass(Tensor x, Tensor w, ConvGeometry g, Generator generator)
    {
        var xi = x.detach().requires_grad_(true);
        var wi = w.detach().requires_grad_(true);
        var y = Plain(xi, wi, null, g.Stride, g.Padding, g.Groups);
        var upstream = randn(y.shape, generator: generator);
        var grads = autograd.grad([y], [xi, wi], [upstream]);
        return (y.detach(), grads[0], grads[1]);
    }

    static bool Close(Tensor a, Tensor reference)
    {
        var scale = reference.abs().max().item<float>();
        var error = (a - reference).abs().max().item<float>();
        return float.IsFinite(error) && error <= 1e-3f * Math.Max(scale, 1e-6f);
    }

    static string ReadPolicy()
    {
        var value = (Environment.GetEnvironmentVariable(BackendVariable) ?? "auto").Trim().ToLowerInvariant();
        return value is "auto" or "onednn" or "native" ? value
            : throw new ArgumentException($"{BackendVariable}={value}: expected auto, onednn or native");
    }
}

/// <summary>What the check found for one geometry.</summary>
public readonly record struct ConvVerdict(bool ForwardOk, bool BackwardOk)
{
    public static readonly ConvVerdict NativeOnly = new(false, false);
}

internal sealed record ConvSettings(long Stride, long Padding, long Groups, bool OneDnnForward);
