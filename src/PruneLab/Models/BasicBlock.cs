using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>
/// The CIFAR ResNet basic block: conv-BN-ReLU-conv-BN plus the identity shortcut of <see cref="ResidualShortcut"/>.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    readonly ConvLayer conv1, conv2;
    readonly BatchNorm2d bn1, bn2;
    readonly int _stride, _outChannels, _site1, _site2;
    readonly SiteGateSlot _gate;

    /// <param name="sites">The site indices of the two convs, for the shared <paramref name="gate"/>.</param>
    public BasicBlock(string name, LayerShape first, LayerShape second, (int First, int Second) sites, SiteGateSlot gate) : base(name)
    {
        (_site1, _site2, _gate) = (sites.First, sites.Second, gate);
        conv1 = LayerFactory.Conv(first);
        bn1 = nn.BatchNorm2d(first.OutChannels);
        conv2 = LayerFactory.Conv(second);
        bn2 = nn.BatchNorm2d(second.OutChannels);
        (_stride, _outChannels) = (first.Stride, second.OutChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var o = _gate.Apply(_site1, x, bn1.call(conv1.call(x)), SiteActivation.Relu).relu();
        o = _gate.Apply(_site2, o, bn2.call(conv2.call(o)), SiteActivation.None);
        return o.add(ResidualShortcut.Apply(x, _stride, _outChannels)).relu();
    }
}
