using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>
/// The CIFAR ResNet basic block: conv-BN-ReLU-conv-BN plus an identity shortcut ("option A"): where the block
/// downsamples, the shortcut takes every second pixel and zero-pads the missing channels (half before, half after).
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    readonly ConvLayer conv1, conv2;
    readonly BatchNorm2d bn1, bn2;
    readonly int _stride, _inChannels, _outChannels;

    public BasicBlock(string name, LayerShape first, LayerShape second) : base(name)
    {
        conv1 = LayerFactory.Conv(first);
        bn1 = nn.BatchNorm2d(first.OutChannels);
        conv2 = LayerFactory.Conv(second);
        bn2 = nn.BatchNorm2d(second.OutChannels);
        (_stride, _inChannels, _outChannels) = (first.Stride, first.InChannels, second.OutChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var o = bn1.call(conv1.call(x)).relu();
        o = bn2.call(conv2.call(o));
        return o.add(Shortcut(x)).relu();
    }

    Tensor Shortcut(Tensor x)
    {
        if (_stride == 1 && _inChannels == _outChannels) return x;
        if (_stride > 1)
            x = x[TensorIndex.Ellipsis, TensorIndex.Slice(null, null, _stride), TensorIndex.Slice(null, null, _stride)];
        if (_outChannels < _inChannels) return x.narrow(1, 0, _outChannels); // only after pruning a stage below its predecessor
        int extra = _outChannels - _inChannels, front = extra / 2;
        return extra == 0 ? x : nn.functional.pad(x, [0, 0, 0, 0, front, extra - front]);
    }
}
