using PruneLab.Cost;
using PruneLab.Models;
using PruneLab.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// A trained VGG-16 (channels ordered by importance) run under per-image actions, two ways:
/// <see cref="MaskedStep"/> computes every channel and zeroes the groups not kept (batch-friendly, differentiable: training);
/// <see cref="SlicedStep"/> convolves only the kept input and output channels with batch norm folded into the kernel
/// (inference: the work really skipped). Both give the same outputs (tested). Steps go one site at a time, because the
/// agent decides each layer's action from the feature map entering it.
/// </summary>
public sealed class RoutedVgg : IRoutedNetwork
{
    readonly Vgg _net;
    readonly MaxPool2d _pool = nn.MaxPool2d(2, 2, ceil_mode: true);
    readonly Dictionary<(int Site, int In, int Out), (Tensor Weight, Tensor Bias)> _sliced = [];
    readonly Dictionary<int, (Tensor Weight, Tensor Bias)> _head = [];

    public RoutedVgg(Vgg net, int groups = 4)
    {
        _net = net;
        Groups = new ChannelGroups(net.Architecture, groups);
    }

    public Vgg Network => _net;
    PrunableNet IRoutedNetwork.Network => _net;
    public ChannelGroups Groups { get; }
    public int Steps => _net.Sites.Count;
    public int Actions => Groups.Count;
    public IReadOnlyList<int> InputChannels =>
        _net.Sites.Select(s => s.Index == 0 ? _net.Spec.InChannels : _net.Sites[s.Index - 1].Channels).ToArray();

    public Tensor Enter(Tensor images) => images;

    public long Flops(IReadOnlyList<int> actions) => FlopCounter.Flops(_net.Architecture, Groups.Widths(actions));

    public string Describe(int step, int action) => $"{action}/{Groups.Count} groups ({Groups.Kept(step, action)} ch)";

    /// <summary>Site <paramref name="site"/> on a batch with each image's groups kept [N] (1..k): conv, BN, ReLU, mask, pool.</summary>
    public Tensor MaskedStep(int site, Tensor x, Tensor groups)
    {
        var s = _net.Sites[site];
        var y = ((BatchNorm2d)_net.Layer(s.Norms[0])).call(((ConvLayer)_net.Layer(s.Name)).call(x)).relu();
        var kept = (groups.to(ScalarType.Float32) * s.Channels / Groups.Count).ceil();
        var mask = arange(s.Channels, device: x.device).unsqueeze(0).lt(kept.unsqueeze(1)).to(y.dtype);
        y = y * mask.unsqueeze(2).unsqueeze(3);
        return VggFamily.PoolAfter[site] ? _pool.call(y) : y;
    }

    /// <summary>The classifier on the last site's (masked) features.</summary>
    public Tensor MaskedHead(Tensor x)
    {
        var fc1 = (Linear)_net.Layer("fc1");
        var bn = (BatchNorm1d)_net.Layer("bn_fc1");
        return ((Linear)_net.Layer("fc2")).call(bn.call(fc1.call(x.flatten(1))).relu());
    }

    /// <summary>
    /// Site <paramref name="site"/> on images that all keep <paramref name="groups"/> groups here and
    /// <paramref name="inputGroups"/> at the previous site (ignored at the first): x holds only the kept input channels.
    /// Eval-mode semantics (running statistics); returns only the kept output channels.
    /// </summary>
    public Tensor SlicedStep(int site, Tensor x, int inputGroups, int groups)
    {
        var (weight, bias) = SlicedKernel(site, site == 0 ? 0 : inputGroups, groups);
        var y = ConvolutionGuard.Conv2d(x, weight, bias, 1, 1, 1).relu_();
        return VggFamily.PoolAfter[site] ? nn.functional.max_pool2d(y, 2, 2, ceil_mode: true) : y;
    }

    /// <summary>The classifier reading only the kept channels of the last site.</summary>
    public Tensor SlicedHead(Tensor x, int lastGroups)
    {
        if (!_head.TryGetValue(lastGroups, out var head))
        {
            using var _ = no_grad();
            var fc1 = (Linear)_net.Layer("fc1");
            var layer = _net.Architecture.Layer("fc1");
            int kept = Groups.Kept(Steps - 1, lastGroups);
            var (scale, shift) = FoldedNorm.Of((BatchNorm1d)_net.Layer("bn_fc1"));
            var w = (fc1.weight.narrow(1, 0, (long)kept * layer.InSpatial) * scale.unsqueeze(1)).contiguous();
            var b = fc1.bias! * scale + shift;
            head = (w.DetachFromDisposeScope(), b.DetachFromDisposeScope());
            _head[lastGroups] = head;
        }
        var h = nn.functional.linear(x.flatten(1), head.Weight, head.Bias).relu_();
        return ((Linear)_net.Layer("fc2")).call(h);
    }

    public Tensor SlicedEnter(Tensor images) => images;

    (Tensor Weight, Tensor Bias) SlicedKernel(int site, int inputGroups, int groups)
    {
        if (_sliced.TryGetValue((site, inputGroups, groups), out var kernel)) return kernel;
        var s = _net.Sites[site];
        var conv = (ConvLayer)_net.Layer(s.Name);
        long inKept = site == 0 ? conv.InChannels : Groups.Kept(site - 1, inputGroups);
        kernel = FoldedNorm.Conv(conv, (BatchNorm2d)_net.Layer(s.Norms[0]), inKept, Groups.Kept(site, groups));
        _sliced[(site, inputGroups, groups)] = kernel;
        return kernel;
    }

    /// <summary>Forgets the folded kernels: call after the backbone's weights changed (fine-tuning).</summary>
    public void Invalidate()
    {
        foreach (var (w, b) in _sliced.Values.Concat(_head.Values)) { w.Dispose(); b.Dispose(); }
        _sliced.Clear();
        _head.Clear();
    }
}
