using PruneLab.Methods.Rnp;
using PruneLab.Models;
using PruneLab.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// FTWT's masks executed, not simulated: one image at a time, each site's predictor picks the filters, and the conv
/// gathers only those filters (over only the input channels the previous site kept) from its kernel, with batch norm
/// folded in, so the skipped filters are never computed. VGG-16 runs as a chain of kept channels; a CIFAR ResNet block
/// computes its kept inner filters and adds its kept second-conv filters into the residual stream (which the adds keep
/// dense). Eval-mode semantics; the output equals <see cref="GatedNet"/>'s masked path (tested).
/// A conv that keeps most of its layer runs the dense kernel instead (<see cref="DenseShare"/>), and convs on maps of at
/// most <see cref="SmallMap"/> pixels (VGG's last stages) read the kept weights in place
/// (<see cref="GatheredConvolution"/>): there, copying the kept weights out would cost as much as the dense conv.
/// Kept counts are rounded up to a multiple of 16 (<see cref="Lanes"/>): the extra outputs are computed and ignored,
/// and the next conv reads them through an all-zero input channel appended to every kernel. So every conv has channel
/// counts oneDNN got right even on the machines where it fails elsewhere (see <see cref="ConvolutionGuard"/>), and
/// needs none of the padding copies the guard would make per call there.
/// MobileNetV2 trains and is counted through the masked path only; this engine does not execute it.
/// </summary>
public sealed class GatedInference : IDisposable
{
    /// <summary>The channel multiple every gathered conv is rounded up to.</summary>
    public const int Lanes = 16;

    /// <summary>
    /// Sites whose output maps have at most this many pixels run through <see cref="GatheredConvolution"/> when they
    /// gather. Measured at batch 1, 512 channels, 55-60% of the filters kept on both sides: at 2x2 oneDNN takes 1.9 ms
    /// dense and the managed kernel 1.2 ms; at 4x4 the kernel (1.4 ms) beats gathering for oneDNN (1.7-2.7 ms).
    /// </summary>
    public const int SmallMap = 16;

    readonly GatedNet _net;
    readonly PrunableNet _backbone;
    readonly MaskPredictor[] _predictors;
    readonly (Tensor Weight, Tensor Bias, long InChannels)[] _folded;
    readonly GatheredConvolution?[] _small;
    readonly (Tensor Weight, Tensor Bias)[] _dense;

    /// <summary>
    /// A conv whose kept filters x kept inputs reach this share of the layer runs the dense kernel instead: gathering
    /// kernels costs memory traffic a batch-1 conv cannot win back unless most of the layer is skipped (measured on
    /// VGG-16 x1 at 28x28, random masks keeping the same share everywhere: gathering everywhere took 2.2x the dense time
    /// with every filter kept, 1.5x at 80%, about 1x at 60%, 0.6x at 40%).
    /// </summary>
    public const double DenseShare = 0.5;

    public GatedInference(GatedNet net)
    {
        if (net.Backbone is not (Vgg or CifarResNet))
            throw new NotSupportedException($"gated execution runs VGG-16 and CIFAR ResNets; {net.Spec.Family} is trained and counted through the masked path only.");
        _net = net;
        _backbone = net.Backbone;
        _predictors = net.Predictors.ToArray();
        using var _ = no_grad();
        _folded = _backbone.Sites.Select(s =>
        {
            var conv = (ConvLayer)_backbone.Layer(s.Name);
            var (w, b) = FoldedNorm.Conv(conv, (BatchNorm2d)_backbone.Layer(s.Norms[0]), conv.InChannels, conv.OutChannels);
            var padded = nn.functional.pad(w, [0, 0, 0, 0, 0, 1]).DetachFromDisposeScope(); // input channel InChannels: all zero
            w.Dispose();
            return (padded, b, conv.InChannels);
        }).ToArray();
        _dense = _folded.Select(f => (f.Weight.narrow(1, 0, f.InChannels).contiguous().DetachFromDisposeScope(), f.Bias)).ToArray();
        _small = _backbone.Sites.Select((s, i) => s.OutHeight * s.OutWidth <= SmallMap && _backbone.Architecture.Layer(s.Name).Stride == 1
            ? new GatheredConvolution(_folded[i].Weight.narrow(1, 0, _folded[i].InChannels), _folded[i].Bias) : null).ToArray();
    }

    /// <summary>Dynamic inference on one image [1, C, H, W]: logits [1, classes] and the filters each site kept.</summary>
    public (Tensor Logits, Tensor[] Kept) Run(Tensor image)
    {
        var kept = new Tensor[_folded.Length];
        var logits = Execute(image, (site, pooled) => kept[site] = _predictors[site].FromPooled(pooled).view(-1).gt(0).nonzero().view(-1));
        return (logits, kept);
    }

    /// <summary>The same execution under given filters per site (indices, ascending): for testing and for timing the convs alone.</summary>
    public Tensor Replay(Tensor image, IReadOnlyList<Tensor> kept)
    {
        if (kept.Count != _folded.Length) throw new ArgumentException($"expected kept filters for {_folded.Length} sites, got {kept.Count}.");
        return Execute(image, (site, _) => kept[site]);
    }

    Tensor Execute(Tensor image, Func<int, Tensor, Tensor> decide)
    {
        using var _ = no_grad();
        return _backbone switch
        {
            Vgg => ExecuteVgg(image, decide),
            _ => ExecuteResNet(image, decide),
        };
    }

    /// <summary>A conv's output: its first <see cref="Real"/> channels are the kept filters, in order; the rest are padding.</summary>
    readonly record struct Kept(Tensor Map, Tensor Indices)
    {
        public long Real => Indices.shape[0];
        public Tensor RealMap => Map.narrow(1, 0, Real);
    }

    Tensor ExecuteVgg(Tensor image, Func<int, Tensor, Tensor> decide)
    {
        Kept? x = null; // null: the image, every channel present
        for (int site = 0; site < _folded.Length; site++)
        {
            var outKept = decide(site, x is { } k ? Pooled(site, k.RealMap, k.Indices) : Pooled(site, image, null));
            var y = Conv(site, x?.Map ?? image, x?.Indices, x?.Map.shape[1] ?? 0, outKept, stride: 1).relu_();
            if (VggFamily.PoolAfter[site]) y = nn.functional.max_pool2d(y, 2, 2, ceil_mode: true);
            x = new Kept(y, outKept);
        }
        var last = x!.Value;
        var fc1 = (Linear)_backbone.Layer("fc1");
        long spatial = _backbone.Architecture.Layer("fc1").InSpatial;
        var columns = (last.Indices.unsqueeze(1) * spatial + arange(spatial, device: image.device)).view(-1);
        var (scale, shift) = FoldedNorm.Of((BatchNorm1d)_backbone.Layer("bn_fc1"));
        var h = nn.functional.linear(last.RealMap.flatten(1), fc1.weight.index_select(1, columns), fc1.bias!) * scale + shift;
        return ((Linear)_backbone.Layer("fc2")).call(h.relu_());
    }

    Tensor ExecuteResNet(Tensor image, Func<int, Tensor, Tensor> decide)
    {
        var arch = _backbone.Architecture;
        var stemKept = decide(0, Pooled(0, image, null));
        var stem = new Kept(Conv(0, image, null, 0, stemKept, stride: 1).relu_(), stemKept);
        var x = Scatter(stem.RealMap, stemKept, arch.Sites[0].Channels);
        for (int site = 1; site < _folded.Length; site += 2)
        {
            var first = arch.Layer(arch.Sites[site].Name);
            var innerKept = decide(site, Pooled(site, x, null));
            var inner = new Kept(Conv(site, x, null, 0, innerKept, first.Stride).relu_(), innerKept);
            var outKept = decide(site + 1, Pooled(site + 1, inner.RealMap, innerKept));
            var branch = new Kept(Conv(site + 1, inner.Map, innerKept, inner.Map.shape[1], outKept, stride: 1), outKept);
            var shortcut = ResidualShortcut.Apply(x, first.Stride, arch.Sites[site + 1].Channels);
            x = shortcut.index_add(1, outKept, branch.RealMap, 1).relu_();
        }
        var fc = (Linear)_backbone.Layer("fc");
        return fc.call(nn.functional.adaptive_avg_pool2d(x, 1).flatten(1));
    }

    /// <summary>
    /// The predictor's pooled descriptor of a conv input over all its channels, from the channels present
    /// (<paramref name="present"/>; null: all): the absent ones were silenced and pool to exactly zero.
    /// </summary>
    Tensor Pooled(int site, Tensor x, Tensor? present)
    {
        var predictor = _predictors[site];
        bool max = _net.Options.Pooling == FtwtPooling.Max;
        var values = (max ? x.amax([2, 3]) : x.mean([2, 3])).view(-1);
        if (present is not null) values = zeros(predictor.InChannels, device: x.device).index_copy_(0, present, values);
        return (max ? values : values.softmax(0)).unsqueeze(0);
    }

    /// <summary>
    /// Site <paramref name="site"/>'s kept filters (<paramref name="outKept"/>, padded to a lane multiple) over the input
    /// <paramref name="x"/>, whose first channels are <paramref name="inKept"/> (null: x holds every input channel) and
    /// whose <paramref name="inWidth"/> - |inKept| trailing channels are padding, read through the zero channel.
    /// </summary>
    Tensor Conv(int site, Tensor x, Tensor? inKept, long inWidth, Tensor outKept, long stride)
    {
        var (weight, bias, inChannels) = _folded[site];
        long outChannels = weight.shape[0], inCount = inKept?.shape[0] ?? inChannels;
        if (outKept.shape[0] * inCount >= DenseShare * outChannels * inChannels)
        {
            // Most of the layer runs: the dense kernel over every input, then the kept outputs (see DenseShare).
            var full = inKept is null ? x
                : zeros(1, inChannels, x.shape[2], x.shape[3], device: x.device).index_copy_(1, inKept, x.narrow(1, 0, inKept.shape[0]));
            var (denseWeight, denseBias) = _dense[site];
            var y = ConvolutionGuard.Conv2d(full, denseWeight, denseBias, stride, denseWeight.shape[2] / 2, 1);
            return y.index_select(1, ToLanes(outKept));
        }
        if (_small[site] is { } small && stride == 1 && x.device_type == DeviceType.CPU)
            return small.Run(x, inKept?.data<long>().ToArray() ?? Enumerable.Range(0, (int)inChannels).Select(i => (long)i).ToArray(),
                outKept.data<long>().ToArray());
        var rows = ToLanes(outKept);
        weight = weight.index_select(0, rows);
        weight = inKept is null
            ? weight.narrow(1, 0, inChannels)
            : weight.index_select(1, cat([inKept, full(inWidth - inKept.shape[0], inChannels, ScalarType.Int64, device: inKept.device)]));
        return ConvolutionGuard.Conv2d(x, weight, bias.index_select(0, rows), stride, weight.shape[2] / 2, 1);
    }

    /// <summary>The indices followed by copies of the first (filter 0 when none) up to a multiple of <see cref="Lanes"/>, at least one lane.</summary>
    static Tensor ToLanes(Tensor indices)
    {
        long n = indices.shape[0], padded = Math.Max(Lanes, (n + Lanes - 1) / Lanes * Lanes);
        if (padded == n) return indices;
        var fill = n > 0 ? indices.narrow(0, 0, 1) : zeros(1, ScalarType.Int64, device: indices.device);
        return cat([indices, fill.expand(padded - n)]);
    }

    static Tensor Scatter(Tensor y, Tensor kept, long channels) =>
        zeros(1, channels, y.shape[2], y.shape[3], device: y.device).index_copy_(1, kept, y);

    public void Dispose()
    {
        foreach (var (w, b, _) in _folded) { w.Dispose(); b.Dispose(); }
        foreach (var (w, _) in _dense) w.Dispose();
    }
}
