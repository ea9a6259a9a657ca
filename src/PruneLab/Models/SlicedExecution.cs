using PruneLab.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>
/// The one engine that runs any backbone (VGG-16, CIFAR ResNets, MobileNetV2) computing only the channels a gate keeps:
/// it walks the backbone's own <see cref="BackboneWiring"/>, with every norm folded into its conv (eval-mode
/// semantics), and before each site asks the <see cref="ISlicedGate"/> which output channels run. Feature maps carry
/// only the kept channels; residual streams stay dense (a skipped channel adds nothing), and the classifier reads the
/// kept channels of the last site. A gate that keeps everything gives the dense network's outputs; any gate gives the
/// outputs of the masked forward pass that zeroes the same channels (tested for every family).
/// Build it after training (it folds the weights once); call <see cref="Refresh"/> after the weights change.
/// </summary>
public sealed class SlicedExecution : IDisposable
{
    /// <summary>
    /// Maps of at most this many pixels run partly kept convs through <see cref="InPlaceConvolution"/> at batch 1:
    /// there a conv is bound by reading its weights, which the in-place kernel reads once and only where kept.
    /// Measured per layer on VGG-16 at 32x32 (see README, "Dynamic execution"): chosen where the in-place kernel beat
    /// gathering for the library conv at 60% kept.
    /// </summary>
    public const int SmallMap = 1024;

    readonly PrunableNet _net;
    readonly Dictionary<int, SlicedConvolution> _sites = [];
    readonly Dictionary<string, SlicedConvolution> _depthwise = [];
    (Tensor Weight, Tensor Bias)? _hidden;
    (Tensor Weight, Tensor? Bias) _output;

    readonly int _smallMap;

    /// <param name="smallMap">Overrides <see cref="SmallMap"/> (0: gather everywhere; int.MaxValue: in place wherever the stride is 1), for the per-layer benchmark.</param>
    public SlicedExecution(PrunableNet net, int smallMap = SmallMap)
    {
        _net = net;
        _smallMap = smallMap;
        Refresh();
    }

    public PrunableNet Network => _net;
    public BackboneWiring Wiring => _net.Architecture.Wiring;

    /// <summary>Folds the backbone's current weights and norms (running statistics) again.</summary>
    public void Refresh()
    {
        DisposeKernels();
        using var _ = no_grad();
        using var scope = NewDisposeScope(); // temporaries only: the kept kernels are detached from it
        var arch = _net.Architecture;
        foreach (var site in arch.Sites)
        {
            var layer = arch.Layer(site.Name);
            var (w, b) = FoldedNorm.Conv((ConvLayer)_net.Layer(site.Name), (NormBase)_net.Layer(site.Norms[0]), layer.InChannels, layer.OutChannels);
            _sites[site.Index] = new SlicedConvolution(w, b, layer.Stride, depthwise: false, inPlace: site.OutHeight * site.OutWidth <= _smallMap);
        }
        foreach (var step in Wiring.Steps.OfType<InvertedResidualStep>())
        {
            var conv = (ConvLayer)_net.Layer(step.Depthwise);
            var (w, b) = FoldedNorm.Conv(conv, (NormBase)_net.Layer(step.DepthwiseNorm), 1, conv.OutChannels);
            _depthwise[step.Depthwise] = new SlicedConvolution(w, b, step.Stride, depthwise: true, inPlace: false);
        }
        var head = Wiring.Head;
        if (head.Hidden is { } hidden)
        {
            var fc = (Linear)_net.Layer(hidden);
            var (scale, shift) = FoldedNorm.Of((NormBase)_net.Layer(head.HiddenNorm!));
            var bias = fc.bias is null ? shift : fc.bias * scale + shift;
            _hidden = ((fc.weight * scale.unsqueeze(1)).contiguous().DetachFromDisposeScope(), bias.DetachFromDisposeScope());
        }
        var output = (Linear)_net.Layer(head.Output);
        _output = (output.weight.detach().DetachFromDisposeScope(), output.bias?.detach().DetachFromDisposeScope());
    }

    /// <summary>Site <paramref name="site"/>'s conv alone (norm folded, no activation): for the per-layer benchmark.</summary>
    internal Tensor Conv(int site, Tensor x, KeptChannels inKept, KeptChannels outKept, SiteActivation activation = SiteActivation.None, bool pool = false) =>
        _sites[site].Run(x, inKept, outKept, activation, pool);

    /// <summary>Logits for <paramref name="images"/> [N, C, H, W], every image under the gate's decisions. No gradients.</summary>
    public Tensor Run(Tensor images, ISlicedGate gate)
    {
        using var _ = no_grad();
        var x = new Features(images, KeptChannels.All((int)images.shape[1]));
        foreach (var step in Wiring.Steps)
            x = step switch
            {
                ChainStep c => Chain(c, x, gate),
                BasicBlockStep b => Block(b, x, gate),
                InvertedResidualStep r => Inverted(r, x, gate),
                _ => throw new NotSupportedException($"no sliced execution for {step.GetType().Name}"),
            };
        return Head(x);
    }

    /// <summary>A feature map holding only the <see cref="Kept"/> channels of its site.</summary>
    readonly record struct Features(Tensor Map, KeptChannels Kept)
    {
        /// <summary>Every channel present, the absent ones zero (for residual adds).</summary>
        public Tensor Dense()
        {
            if (Kept.IsAll) return Map;
            if (Kept.IsPrefix) return nn.functional.pad(Map, [0, 0, 0, 0, 0, Kept.Total - Kept.Count]);
            return zeros(Map.shape[0], Kept.Total, Map.shape[2], Map.shape[3], device: Map.device)
                .index_copy_(1, SlicedConvolution.IndexTensor(Kept, Map.device), Map);
        }
    }

    Features Site(SiteConv conv, Features x, ISlicedGate gate, bool pool = false)
    {
        var kept = gate.Select(conv.Site, new SlicedInput(x.Map, x.Kept));
        return new Features(_sites[conv.Site].Run(x.Map, x.Kept, kept, conv.Activation, pool), kept);
    }

    Features Chain(ChainStep step, Features x, ISlicedGate gate) => Site(step.Conv, x, gate, step.PoolAfter);

    Features Block(BasicBlockStep step, Features x, ISlicedGate gate)
    {
        var inner = Site(step.First, x, gate);
        var branch = Site(step.Second, inner, gate);
        var shortcut = ResidualShortcut.Apply(x.Dense(), step.First.Stride, branch.Kept.Total);
        return new Features(Add(shortcut, branch).relu_(), KeptChannels.All(branch.Kept.Total));
    }

    Features Inverted(InvertedResidualStep step, Features x, ISlicedGate gate)
    {
        var hidden = step.Expand is { } expand ? Site(expand, x, gate) : x;
        var spread = _depthwise[step.Depthwise].Run(hidden.Map, hidden.Kept, hidden.Kept, SiteActivation.Relu6);
        var projected = Site(step.Project, new Features(spread, hidden.Kept), gate);
        return step.Residual ? new Features(Add(x.Dense(), projected), KeptChannels.All(projected.Kept.Total)) : projected;
    }

    /// <summary>A dense stream plus a sliced branch (out of place: the stream may be the block's input).</summary>
    static Tensor Add(Tensor stream, Features branch) =>
        branch.Kept.IsAll ? stream.add(branch.Map)
        : branch.Kept.Count == 0 ? stream.clone()
        : stream.index_add(1, SlicedConvolution.IndexTensor(branch.Kept, stream.device), branch.Map, 1);

    Tensor Head(Features x)
    {
        var head = Wiring.Head;
        var features = (head.GlobalPool ? x with { Map = nn.functional.adaptive_avg_pool2d(x.Map, 1) } : x).Dense().flatten(1);
        if (_hidden is { } hidden) features = nn.functional.linear(features, hidden.Weight, hidden.Bias).relu_();
        return nn.functional.linear(features, _output.Weight, _output.Bias);
    }

    void DisposeKernels()
    {
        foreach (var c in _sites.Values.Concat(_depthwise.Values)) c.Dispose();
        _sites.Clear();
        _depthwise.Clear();
        if (_hidden is { } h) { h.Weight.Dispose(); h.Bias.Dispose(); }
        _hidden = null;
        _output.Weight?.Dispose();
        _output.Bias?.Dispose();
    }

    public void Dispose() => DisposeKernels();
}
