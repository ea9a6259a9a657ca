using PruneLab.Cost;
using PruneLab.Models;
using PruneLab.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// Runtime Network Routing on a CIFAR ResNet: every residual block offers P paths of increasing cost and the agent
/// picks one per block and image. Path 1 is skip-only (the shortcut alone, no conv runs); path j > 1 runs the block
/// with the first (j - 1) / (P - 1) of its inner channels (P = 3: skip, half width, full width). Inner channels are
/// ordered by importance first, as in RNP. The stage widths (tied by the residual adds) never change.
/// </summary>
public sealed class RoutedResNet : IRoutedNetwork
{
    readonly CifarResNet _net;
    readonly Block[] _blocks;
    readonly Dictionary<(int Block, int Path), (Tensor W1, Tensor B1, Tensor W2, Tensor B2)> _sliced = [];
    (Tensor Weight, Tensor Bias)? _stem;

    sealed record Block(string Name, PrunableSite Inner, LayerShape First, LayerShape Second,
        ConvLayer Conv1, BatchNorm2d Norm1, ConvLayer Conv2, BatchNorm2d Norm2);

    public RoutedResNet(CifarResNet net, int paths = 3)
    {
        if (paths < 2) throw new ArgumentException($"--paths {paths}: a routed block needs at least 2 paths (skip and full).");
        _net = net;
        Paths = paths;
        var arch = net.Architecture;
        _blocks = arch.Sites.Where(s => s.Name.EndsWith(".conv1") && s.Name.StartsWith("layer")).Select(s =>
        {
            var name = s.Name[..^".conv1".Length];
            var second = arch.Layer(name + ".conv2");
            var secondSite = arch.Sites[second.OutSite];
            return new Block(name, s, arch.Layer(s.Name), second, (ConvLayer)net.Layer(s.Name), (BatchNorm2d)net.Layer(s.Norms[0]),
                (ConvLayer)net.Layer(second.Name), (BatchNorm2d)net.Layer(secondSite.Norms[0]));
        }).ToArray();
        var narrow = _blocks.FirstOrDefault(b => b.Inner.Channels < paths - 1);
        if (narrow is not null) throw new ArgumentException($"--paths {paths}: block {narrow.Name} has only {narrow.Inner.Channels} inner channels.");
    }

    public CifarResNet Network => _net;
    PrunableNet IRoutedNetwork.Network => _net;
    public int Paths { get; }
    public int Steps => _blocks.Length;
    public int Actions => Paths;
    public IReadOnlyList<int> InputChannels => _blocks.Select(b => b.First.InChannels).ToArray();

    /// <summary>Inner channels path <paramref name="path"/> runs in block <paramref name="block"/> (0: skip-only).</summary>
    public int Kept(int block, int path)
    {
        if (path < 1 || path > Paths) throw new ArgumentOutOfRangeException(nameof(path), $"a block has paths 1..{Paths}, got {path}.");
        return (int)Math.Ceiling((double)(path - 1) * _blocks[block].Inner.Channels / (Paths - 1));
    }

    public string Describe(int step, int action) => action == 1 ? "skip" : $"{Kept(step, action)}/{_blocks[step].Inner.Channels} ch";

    public long Flops(IReadOnlyList<int> actions)
    {
        if (actions.Count != Steps) throw new ArgumentException($"expected {Steps} actions (one per block), got {actions.Count}.");
        var kept = _net.Spec.Widths.ToArray();
        for (int b = 0; b < Steps; b++) kept[_blocks[b].Inner.Index] = Kept(b, actions[b]); // 0 inner channels: neither conv runs
        return FlopCounter.Flops(_net.Architecture, kept);
    }

    public Tensor Enter(Tensor images)
    {
        var stem = _net.Sites[0];
        return ((BatchNorm2d)_net.Layer(stem.Norms[0])).call(((ConvLayer)_net.Layer(stem.Name)).call(images)).relu();
    }

    public Tensor MaskedStep(int step, Tensor x, Tensor actions)
    {
        var b = _blocks[step];
        int c = b.Inner.Channels;
        var o = b.Norm1.call(b.Conv1.call(x)).relu();
        var kept = ((actions - 1).to(ScalarType.Float32) * c / (Paths - 1)).ceil();
        var mask = arange(c, device: x.device).unsqueeze(0).lt(kept.unsqueeze(1)).to(o.dtype);
        o = b.Norm2.call(b.Conv2.call(o * mask.unsqueeze(2).unsqueeze(3)));
        var runs = actions.gt(1).to(o.dtype).view(-1, 1, 1, 1); // skip-only: the block adds nothing to its shortcut
        return (o * runs + ResidualShortcut.Apply(x, b.First.Stride, b.Second.OutChannels)).relu();
    }

    public Tensor MaskedHead(Tensor x) => ((Linear)_net.Layer("fc")).call(nn.functional.adaptive_avg_pool2d(x, 1).flatten(1));

    public Tensor SlicedEnter(Tensor images)
    {
        var stem = _stem ??= StemKernel();
        return ConvolutionGuard.Conv2d(images, stem.Weight, stem.Bias, 1, 1, 1).relu_();
    }

    /// <summary>A block on its chosen path; the stage width never changes, so the previous action does not matter.</summary>
    public Tensor SlicedStep(int step, Tensor x, int previous, int action)
    {
        var b = _blocks[step];
        var shortcut = ResidualShortcut.Apply(x, b.First.Stride, b.Second.OutChannels);
        if (action == 1) return shortcut; // its input is a ReLU output, so the shortcut is already >= 0
        var k = BlockKernels(step, action);
        var o = ConvolutionGuard.Conv2d(x, k.W1, k.B1, b.First.Stride, 1, 1).relu_();
        return ConvolutionGuard.Conv2d(o, k.W2, k.B2, 1, 1, 1).add_(shortcut).relu_();
    }

    public Tensor SlicedHead(Tensor x, int last) => MaskedHead(x);

    (Tensor Weight, Tensor Bias) StemKernel()
    {
        var stem = _net.Sites[0];
        var conv = (ConvLayer)_net.Layer(stem.Name);
        return FoldedNorm.Conv(conv, (BatchNorm2d)_net.Layer(stem.Norms[0]), conv.InChannels, stem.Channels);
    }

    (Tensor W1, Tensor B1, Tensor W2, Tensor B2) BlockKernels(int block, int path)
    {
        if (_sliced.TryGetValue((block, path), out var k)) return k;
        var b = _blocks[block];
        int kept = Kept(block, path);
        var (w1, b1) = FoldedNorm.Conv(b.Conv1, b.Norm1, b.First.InChannels, kept);
        var (w2, b2) = FoldedNorm.Conv(b.Conv2, b.Norm2, kept, b.Second.OutChannels);
        return _sliced[(block, path)] = (w1, b1, w2, b2);
    }

    public void Invalidate()
    {
        foreach (var (w1, b1, w2, b2) in _sliced.Values) { w1.Dispose(); b1.Dispose(); w2.Dispose(); b2.Dispose(); }
        _sliced.Clear();
        if (_stem is { } s) { s.Weight.Dispose(); s.Bias.Dispose(); }
        _stem = null;
    }
}
