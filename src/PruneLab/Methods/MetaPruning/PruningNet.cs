using PruneLab.Models;
using PruneLab.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Methods.MetaPruning;

/// <summary>
/// MetaPruning's hypernetwork over VGG-16 or a CIFAR ResNet. <see cref="Use"/> picks a network encoding; the forward
/// pass then runs that network with weights generated per conv by a <see cref="WeightGenerator"/> from the layer's
/// [output scale, input scale], a non-affine batch norm per (site, width choice), and a linear head whose input
/// columns are cropped to the kept channels. Gradients of the task loss reach the generators through the weights.
/// The forward pass walks the backbone's own <see cref="BackboneWiring"/>, so its layer order, pools, shortcuts and
/// classifier are the backbone's, not a second copy of them.
/// </summary>
public sealed class PruningNet : PrunableNet
{
    readonly LayerShape[] _convs;
    readonly ModuleList<WeightGenerator> _generators;
    readonly ModuleList<ModuleList<BatchNorm2d>> _norms;
    readonly Linear _head;
    readonly BatchNorm1d? _headNorm;
    readonly Linear? _classifier;
    readonly MaxPool2d _pool = nn.MaxPool2d(2, 2, ceil_mode: true);
    readonly Dictionary<string, int> _convIndex;
    int[] _encoding;
    int[] _widths;

    public PruningNet(EncodingSpace space, int hidden = 32) : base(nameof(PruningNet), space.Dense)
    {
        if (Architecture.Wiring.Steps.Any(s => s is not (ChainStep or BasicBlockStep)))
            throw new ArgumentException($"MetaPruning's PruningNet is built for vgg16 and the CIFAR ResNets, not {Spec.Family}.");
        if (hidden < 1) throw new ArgumentException("--hidden must be at least 1.");
        Space = space;
        _convs = Architecture.Layers.Where(l => l.Kind == LayerKind.Conv).ToArray();
        _convIndex = _convs.Select((l, i) => (l.Name, i)).ToDictionary(c => c.Name, c => c.i);
        _generators = nn.ModuleList(_convs.Select(l => new WeightGenerator(l.OutChannels, l.InChannels, l.Kernel, hidden)).ToArray());
        _norms = nn.ModuleList(Architecture.Sites.Select(s => nn.ModuleList(Enumerable.Range(0, space.Choices.Count)
            .Select(c => nn.BatchNorm2d(space.Choices.Channels(s.Channels, c), affine: false)).ToArray())).ToArray());
        var head = Architecture.Layers.First(l => l.Kind == LayerKind.Linear);
        _head = nn.Linear(head.InChannels * head.InSpatial, head.OutChannels, hasBias: head.Bias);
        if (Architecture.Wiring.Head.Hidden is not null)
        {
            _headNorm = nn.BatchNorm1d(head.OutChannels);
            _classifier = nn.Linear(head.OutChannels, Spec.NumClasses);
        }
        RegisterComponents();
        _encoding = space.All(space.Choices.Count - 1);
        _widths = space.Widths(_encoding);
    }

    public EncodingSpace Space { get; }

    /// <summary>The encoding the forward pass runs.</summary>
    public IReadOnlyList<int> Encoding => _encoding;

    /// <summary>Channels kept per site under <see cref="Encoding"/>.</summary>
    public IReadOnlyList<int> Widths => _widths;

    public void Use(IReadOnlyList<int> encoding)
    {
        _widths = Space.Widths(encoding);
        _encoding = encoding.ToArray();
    }

    public override Tensor forward(Tensor x)
    {
        var wiring = Architecture.Wiring;
        foreach (var step in wiring.Steps)
            x = step switch
            {
                ChainStep c => c.PoolAfter ? _pool.call(Site(c.Conv, x)) : Site(c.Conv, x),
                BasicBlockStep b => Site(b.Second, Site(b.First, x)).add(ResidualShortcut.Apply(x, b.First.Stride, _widths[b.Second.Site])).relu(),
                _ => throw new NotSupportedException($"PruningNet runs no {step.GetType().Name}"),
            };
        if (wiring.Head.GlobalPool) x = nn.functional.adaptive_avg_pool2d(x, 1);
        x = nn.functional.linear(x.flatten(1), HeadWeight(), _head.bias);
        return _classifier is null ? x : _classifier.call(_headNorm!.call(x).relu());
    }

    /// <summary>A site's generated conv, its choice's norm, then the site's activation.</summary>
    Tensor Site(SiteConv conv, Tensor x)
    {
        var y = Norm(conv.Site, Conv(_convIndex[conv.Conv], x));
        return conv.Activation switch
        {
            SiteActivation.Relu => y.relu(),
            SiteActivation.Relu6 => nn.functional.relu6(y),
            _ => y,
        };
    }

    /// <summary>The kernel conv <paramref name="i"/> uses under the current encoding.</summary>
    public Tensor Kernel(int i)
    {
        var l = _convs[i];
        double inScale = l.InSite < 0 ? 1.0 : Scale(l.InSite);
        long inChannels = l.InSite < 0 ? l.InChannels : _widths[l.InSite];
        return _generators[i].Generate(Scale(l.OutSite), inScale, _widths[l.OutSite], inChannels);
    }

    /// <summary>
    /// The current encoding as an ordinary network of the same family: generated kernels copied in, each batch norm
    /// taking its choice's statistics (scale 1, shift 0, as the non-affine norms). Its forward equals this one's in eval mode.
    /// </summary>
    public PrunableNet Materialize()
    {
        var net = ModelCatalog.Create(Spec.WithWidths(_widths));
        var device = _head.weight.device;
        net.to(device);
        using var _ = no_grad();
        for (int i = 0; i < _convs.Length; i++)
            ((ConvLayer)net.Layer(_convs[i].Name)).weight.copy_(Kernel(i));
        foreach (var site in Architecture.Sites)
        {
            var target = (BatchNorm2d)net.Layer(site.Norms.Single());
            var source = ChoiceNorm(site.Index);
            target.running_mean!.copy_(source.running_mean!);
            target.running_var!.copy_(source.running_var!);
            target.weight!.fill_(1);
            target.bias!.zero_();
        }
        var head = Architecture.Layers.First(l => l.Kind == LayerKind.Linear);
        var netHead = (Linear)net.Layer(head.Name);
        netHead.weight.copy_(HeadWeight());
        if (_head.bias is not null) netHead.bias!.copy_(_head.bias);
        if (Architecture.Wiring.Head is { Hidden: not null } wired)
        {
            var norm = (BatchNorm1d)net.Layer(wired.HiddenNorm!);
            foreach (var (name, tensor) in _headNorm!.state_dict()) norm.state_dict()[name].copy_(tensor);
            var classifier = (Linear)net.Layer(wired.Output);
            classifier.weight.copy_(_classifier!.weight);
            classifier.bias!.copy_(_classifier.bias!);
        }
        return net;
    }

    double Scale(int site) => Space.Choices.Scales[_encoding[Space.GeneOfSite(site)]];

    BatchNorm2d ChoiceNorm(int site) => _norms[site][_encoding[Space.GeneOfSite(site)]];

    Tensor Conv(int i, Tensor x) => ConvolutionGuard.Conv2d(x, Kernel(i), null, _convs[i].Stride, _convs[i].Kernel / 2, 1);

    Tensor Norm(int site, Tensor x) => ChoiceNorm(site).call(x);

    /// <summary>The head's weight with only the columns of the kept channels of the last site (each over its spatial positions).</summary>
    Tensor HeadWeight()
    {
        var head = Architecture.Layers.First(l => l.Kind == LayerKind.Linear);
        return _head.weight.view(head.OutChannels, head.InChannels, head.InSpatial)
            .narrow(1, 0, _widths[head.InSite]).reshape(head.OutChannels, -1);
    }
}
