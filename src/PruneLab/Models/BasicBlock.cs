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
    readonly int _stride, _outChannels;

    public BasicBlock(string name, LayerShape first, LayerShape second) : base(name)
    {
        conv1 = LayerFactory.Conv(first);
        bn1 = nn.BatchNorm2d(first.OutChannels);
        conv2 = LayerFactory.Conv(second);
        bn2 = nn.BatchNorm2d(second.OutChannels);
        (_stride, _outChannels) = (first.Stride, second.OutChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var o = bn1.call(conv1.call(x)).relu();
        o = bn2.call(conv2.call(o));
        return o.add(ResidualShortcut.Apply(x, _stride, _outChannels)).relu();
    }
}
