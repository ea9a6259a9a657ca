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
/// MobileNetV2 trains and is counted through the masked path only; this engine does not execute it.
/// </summary>
public sealed class GatedInference : IDisposable
{
    readonly GatedNet _net;
    readonly PrunableNet _backbone;
    readonly MaskPredictor[] _predictors;
    readonly (Tensor Weight, Tensor Bias)[] _folded;

    public GatedInference(GatedNet net)
    {
        if (net.Backbone is not (Vgg or CifarResNet))
            throw new NotSupportedException($"gated execution runs VGG-16 and CIFAR ResNets; {net.Spec.Family} is trained and counted through the masked path only.");
        _net = net;
        _backbone = net.Backbone;
        _predictors = net.Predictors.ToArray();
        _folded = _backbone.Sites.Select(s =>
        {
            var conv = (ConvLayer)_backbone.Layer(s.Name);
            return FoldedNorm.Conv(conv, (BatchNorm2d)_backbone.Layer(s.Norms[0]), conv.InChannels, conv.OutChannels);
        }).ToArray();
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

    Tensor Execute(Tensor image, Func<int, Tensor?, Tensor> decide)
    {
        using var _ = no_grad();
        return _backbone switch
        {
            Vgg => ExecuteVgg(image, decide),
            _ => ExecuteResNet(image, decide),
        };
    }

    Tensor ExecuteVgg(Tensor x, Func<int, Tensor?, Tensor> decide)
    {
        Tensor? inKept = null; // null: every input channel (the image)
        for (int site = 0; site < _folded.Length; site++)
        {
            var outKept = decide(site, Pooled(site, x, inKept));
            x = Conv(site, x, inKept, outKept, stride: 1).relu_();
            if (VggFamily.PoolAfter[site])
                x = x.shape[1] > 0
                    ? nn.functional.max_pool2d(x, 2, 2, ceil_mode: true)
                    : empty(1, 0, (x.shape[2] + 1) / 2, (x.shape[3] + 1) / 2, device: x.device); // pooling refuses empty maps
            inKept = outKept;
        }
        var fc1 = (Linear)_backbone.Layer("fc1");
        long spatial = _backbone.Architecture.Layer("fc1").InSpatial;
        var columns = (inKept!.unsqueeze(1) * spatial + arange(spatial, device: x.device)).view(-1);
        var (scale, shift) = FoldedNorm.Of((BatchNorm1d)_backbone.Layer("bn_fc1"));
        var h = nn.functional.linear(x.flatten(1), fc1.weight.index_select(1, columns), fc1.bias!) * scale + shift;
        return ((Linear)_backbone.Layer("fc2")).call(h.relu_());
    }

    Tensor ExecuteResNet(Tensor image, Func<int, Tensor?, Tensor> decide)
    {
        var arch = _backbone.Architecture;
        var stemKept = decide(0, Pooled(0, image, null));
        var y = Conv(0, image, null, stemKept, stride: 1).relu_();
        var x = Scatter(y, stemKept, arch.Sites[0].Channels);
        for (int site = 1; site < _folded.Length; site += 2)
        {
            var first = arch.Layer(arch.Sites[site].Name);
            var innerKept = decide(site, Pooled(site, x, null));
            var inner = Conv(site, x, null, innerKept, first.Stride).relu_();
            var outKept = decide(site + 1, Pooled(site + 1, inner, innerKept));
            var branch = Conv(site + 1, inner, innerKept, outKept, stride: 1);
            var shortcut = ResidualShortcut.Apply(x, first.Stride, arch.Sites[site + 1].Channels);
            x = shortcut.index_add(1, outKept, branch, 1).relu_();
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

    /// <summary>Site <paramref name="site"/>'s kept filters over the kept input channels, norm folded in.</summary>
    Tensor Conv(int site, Tensor x, Tensor? inKept, Tensor outKept, long stride)
    {
        var (weight, bias) = _folded[site];
        weight = weight.index_select(0, outKept);
        if (inKept is not null) weight = weight.index_select(1, inKept);
        bias = bias.index_select(0, outKept);
        if (weight.shape[0] == 0 || weight.shape[1] == 0)
        {
            // No filter kept (an empty output), or nothing left to read (each kept filter gives its bias everywhere).
            long h = (x.shape[2] - 1) / stride + 1, w = (x.shape[3] - 1) / stride + 1;
            return bias.view(1, -1, 1, 1).expand(1, bias.shape[0], h, w).contiguous();
        }
        return ConvolutionGuard.Conv2d(x, weight, bias, stride, weight.shape[2] / 2, 1);
    }

    static Tensor Scatter(Tensor y, Tensor kept, long channels) =>
        zeros(1, channels, y.shape[2], y.shape[3], device: y.device).index_copy_(1, kept, y);

    public void Dispose()
    {
        foreach (var (w, b) in _folded) { w.Dispose(); b.Dispose(); }
    }
}
