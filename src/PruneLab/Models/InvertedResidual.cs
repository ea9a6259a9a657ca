using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>MobileNetV2's block: optional 1x1 expansion, 3x3 depthwise, linear 1x1 projection, identity residual.</summary>
public sealed class InvertedResidual : nn.Module<Tensor, Tensor>
{
    readonly ConvLayer? expand;
    readonly BatchNorm2d? bn1;
    readonly ConvLayer depthwise, project;
    readonly BatchNorm2d bn2, bn3;
    readonly bool _residual;

    public InvertedResidual(string name, Architecture arch, bool expands, bool residual) : base(name)
    {
        if (expands)
        {
            expand = LayerFactory.Conv(arch.Layer($"{name}.expand"));
            bn1 = nn.BatchNorm2d(expand.OutChannels);
        }
        depthwise = LayerFactory.Conv(arch.Layer($"{name}.depthwise"));
        bn2 = nn.BatchNorm2d(depthwise.OutChannels);
        project = LayerFactory.Conv(arch.Layer($"{name}.project"));
        bn3 = nn.BatchNorm2d(project.OutChannels);
        _residual = residual;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var o = expand is null ? x : nn.functional.relu6(bn1!.call(expand.call(x)));
        o = nn.functional.relu6(bn2.call(depthwise.call(o)));
        o = bn3.call(project.call(o));
        return _residual ? o.add(x) : o;
    }
}
