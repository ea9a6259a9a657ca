using System.Runtime.InteropServices;
using PruneLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>
/// One site's conv with its batch norm folded in (eval mode), run over any kept input and output channels:
/// <list type="bullet">
/// <item>all kept: the packed dense kernel, no copy;</item>
/// <item>kept prefixes of inputs and outputs (RNP's groups, MetaPruning's widths): that pair's weights packed once and
/// kept, then the library conv (measured per layer on VGG-16 at 32x32, batch 1, keeping 25-75%: faster than the
/// in-place kernel at almost every layer, see README, "Dynamic execution");</item>
/// <item>other kept channels (FTWT's masks), one image on a small map (at most <see cref="SlicedExecution.SmallMap"/>
/// pixels), stride 1: the kept weights read in place (<see cref="InPlaceConvolution"/>), as gathering them per image
/// costs more than the conv;</item>
/// <item>otherwise the kept rows and columns gathered (weights there are small beside the compute) and the library conv.</item>
/// </list>
/// No kept output: an empty map. No kept input: the bias alone (a conv of zeros).
/// </summary>
internal sealed class SlicedConvolution : IDisposable
{
    const int PackedLimit = 64; // prefix pairs packed per conv: RNP's k x k actions fit many times over
    readonly Tensor _weight, _bias;
    readonly InPlaceConvolution? _inPlace;
    readonly Dictionary<(int In, int Out), (Tensor Weight, Tensor Bias)> _packed = [];

    /// <param name="weight">Folded, contiguous, outside any dispose scope: the instance owns it (and <paramref name="bias"/>).</param>
    public SlicedConvolution(Tensor weight, Tensor bias, int stride, bool depthwise, bool inPlace)
    {
        (_weight, _bias, Stride, Depthwise) = (weight, bias, stride, depthwise);
        Kernel = (int)weight.shape[2];
        if (inPlace && stride == 1 && !depthwise && weight.device_type == DeviceType.CPU)
            _inPlace = new InPlaceConvolution(_weight.data<float>().ToArray(), _bias.data<float>().ToArray(), (int)weight.shape[1], Kernel);
    }

    public int Stride { get; }
    public int Kernel { get; }
    public bool Depthwise { get; }

    /// <summary>
    /// x [N, |inKept|, H, W] holds the kept inputs in order; returns [N, |outKept|, H', W'] after the activation and,
    /// with <paramref name="pool"/>, a 2x2 max-pool (ceil mode).
    /// </summary>
    public Tensor Run(Tensor x, KeptChannels inKept, KeptChannels outKept, SiteActivation activation = SiteActivation.None, bool pool = false)
    {
        long n = x.shape[0], h = (x.shape[2] + 2 * (Kernel / 2) - Kernel) / Stride + 1, w = (x.shape[3] + 2 * (Kernel / 2) - Kernel) / Stride + 1;
        if (outKept.Count == 0) return zeros(n, 0, pool ? (h + 1) / 2 : h, pool ? (w + 1) / 2 : w, device: x.device); // libtorch pools no empty map
        if (_inPlace is not null && n == 1 && !Depthwise && inKept.Count > 0 && !Packable(inKept, outKept) && x.device_type == DeviceType.CPU)
        {
            var input = x.contiguous();
            var y = empty(1, outKept.Count, pool ? (h + 1) / 2 : h, pool ? (w + 1) / 2 : w);
            _inPlace.Run(MemoryMarshal.Cast<byte, float>(input.bytes), (int)h, (int)w, inKept.Indices, outKept.Indices,
                MemoryMarshal.Cast<byte, float>(y.bytes), get_num_threads(), activation, pool);
            return y;
        }
        var result = Activate(Linear(x, inKept, outKept, n, h, w), activation);
        return pool ? nn.functional.max_pool2d(result, 2, 2, ceil_mode: true) : result;
    }

    /// <summary>The conv alone through the library kernels.</summary>
    Tensor Linear(Tensor x, KeptChannels inKept, KeptChannels outKept, long n, long h, long w)
    {
        if (Depthwise) return DepthwiseRun(x, outKept);
        if (inKept.Count == 0) return Rows(_bias, outKept).view(1, -1, 1, 1).expand(n, -1, h, w).contiguous();
        if (inKept.IsAll && outKept.IsAll) return Conv(x, _weight, _bias, 1);
        if (Packable(inKept, outKept))
        {
            if (!_packed.TryGetValue((inKept.Count, outKept.Count), out var packed))
                _packed[(inKept.Count, outKept.Count)] = packed = (Columns(Rows(_weight, outKept), inKept).contiguous().DetachFromDisposeScope(),
                    Rows(_bias, outKept).contiguous().DetachFromDisposeScope());
            return Conv(x, packed.Weight, packed.Bias, 1);
        }
        return Conv(x, Columns(Rows(_weight, outKept), inKept), Rows(_bias, outKept), 1);
    }

    /// <summary>A prefix pair whose packed weights are kept, or may be (all kept counts too: the dense kernel needs no packing).</summary>
    bool Packable(KeptChannels inKept, KeptChannels outKept) =>
        inKept.IsPrefix && outKept.IsPrefix && (inKept.IsAll && outKept.IsAll || _packed.Count < PackedLimit || _packed.ContainsKey((inKept.Count, outKept.Count)));

    static Tensor Activate(Tensor y, SiteActivation activation) => activation switch
    {
        SiteActivation.Relu => y.relu_(),
        SiteActivation.Relu6 => nn.functional.relu6(y, inplace: true),
        _ => y,
    };

    Tensor DepthwiseRun(Tensor x, KeptChannels kept) =>
        kept.IsAll ? Conv(x, _weight, _bias, kept.Count) : Conv(x, Rows(_weight, kept), Rows(_bias, kept), kept.Count);

    Tensor Conv(Tensor x, Tensor weight, Tensor bias, long groups) =>
        ConvolutionGuard.Conv2d(x, weight, bias, Stride, Kernel / 2, groups);

    static Tensor Rows(Tensor t, KeptChannels kept) =>
        kept.IsAll ? t : kept.IsPrefix ? t.narrow(0, 0, kept.Count) : t.index_select(0, IndexTensor(kept, t.device));

    static Tensor Columns(Tensor t, KeptChannels kept) =>
        kept.IsAll ? t : kept.IsPrefix ? t.narrow(1, 0, kept.Count) : t.index_select(1, IndexTensor(kept, t.device));

    internal static Tensor IndexTensor(KeptChannels kept, Device device)
    {
        var indices = new long[kept.Count];
        var source = kept.Indices;
        for (int i = 0; i < indices.Length; i++) indices[i] = source[i];
        return tensor(indices, device: device);
    }

    public void Dispose()
    {
        _weight.Dispose();
        _bias.Dispose();
        foreach (var (w, b) in _packed.Values) { w.Dispose(); b.Dispose(); }
        _packed.Clear();
    }
}
