using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>VGG-16 for CIFAR (see <see cref="VggFamily"/>), with any per-layer widths.</summary>
public sealed class Vgg : PrunableNet
{
    readonly ConvLayer[] _convs;
    readonly BatchNorm2d[] _norms;
    readonly MaxPool2d _pool = nn.MaxPool2d(2, 2, ceil_mode: true);
    readonly Linear _fc1, _fc2;
    readonly BatchNorm1d _bnFc1;

    public Vgg(Architecture arch) : base(nameof(Vgg), arch)
    {
        _convs = arch.Sites.Select(s => LayerFactory.Conv(arch.Layer(s.Name))).ToArray();
        _norms = arch.Sites.Select(s => nn.BatchNorm2d(s.Channels)).ToArray();
        for (int i = 0; i < _convs.Length; i++)
        {
            register_module($"conv{i + 1}", _convs[i]);
            register_module($"bn{i + 1}", _norms[i]);
        }
        _fc1 = LayerFactory.Linear(arch.Layer("fc1"));
        _bnFc1 = nn.BatchNorm1d(arch.Spec.ClassifierWidth);
        _fc2 = LayerFactory.Linear(arch.Layer("fc2"));
        register_module("fc1", _fc1);
        register_module("bn_fc1", _bnFc1);
        register_module("fc2", _fc2);
    }

    public override Tensor forward(Tensor x)
    {
        for (int i = 0; i < _convs.Length; i++)
        {
            x = GateSlot.Apply(i, x, _norms[i].call(_convs[i].call(x)), SiteActivation.Relu).relu();
            if (VggFamily.PoolAfter[i]) x = _pool.call(x);
        }
        x = _bnFc1.call(_fc1.call(x.flatten(1))).relu();
        return _fc2.call(x);
    }
}
