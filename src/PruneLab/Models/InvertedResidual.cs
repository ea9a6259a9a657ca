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
    readonly int _hiddenSite, _projectSite;
    readonly SiteGateSlot _gate;

    public InvertedResidual(string name, Architecture arch, bool expands, bool residual, SiteGateSlot gate) : base(name)
    {
        // The depthwise conv's channels belong to the expansion's site, or without one to the site feeding the block.
        _hiddenSite = arch.Layer($"{name}.depthwise").OutSite;
        _projectSite = arch.Site($"{name}.project").Index;
        _gate = gate;
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
        var o = expand is null ? x : nn.functional.relu6(_gate.Apply(_hiddenSite, x, bn1!.call(expand.call(x)), SiteActivation.Relu6));
        o = nn.functional.relu6(_gate.Follow(_hiddenSite, bn2.call(depthwise.call(o))));
        o = _gate.Apply(_projectSite, o, bn3.call(project.call(o)), SiteActivation.None);
        return _residual ? o.add(x) : o;
    }
}
