using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>MobileNetV2 for 32x32 inputs (see <see cref="MobileNetV2Family"/>), with any per-layer widths.</summary>
public sealed class MobileNetV2 : PrunableNet
{
    readonly ConvLayer conv1, conv_last;
    readonly BatchNorm2d bn1, bn_last;
    readonly ModuleList<InvertedResidual> layers;
    readonly Linear fc;
    readonly int _lastSite;

    public MobileNetV2(Architecture arch) : base(nameof(MobileNetV2), arch)
    {
        conv1 = LayerFactory.Conv(arch.Layer("conv1"));
        bn1 = nn.BatchNorm2d(conv1.OutChannels);
        var expands = MobileNetV2Family.Expands().ToArray();
        var residuals = MobileNetV2Family.Residuals().ToArray();
        layers = nn.ModuleList(expands.Select((e, k) => new InvertedResidual($"layers.{k}", arch, e, residuals[k], GateSlot)).ToArray());
        conv_last = LayerFactory.Conv(arch.Layer("conv_last"));
        bn_last = nn.BatchNorm2d(conv_last.OutChannels);
        fc = LayerFactory.Linear(arch.Layer("fc"));
        _lastSite = arch.Site("conv_last").Index;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = nn.functional.relu6(GateSlot.Apply(0, x, bn1.call(conv1.call(x)), SiteActivation.Relu6));
        foreach (var block in layers) x = block.call(x);
        x = nn.functional.relu6(GateSlot.Apply(_lastSite, x, bn_last.call(conv_last.call(x)), SiteActivation.Relu6));
        return fc.call(nn.functional.adaptive_avg_pool2d(x, 1).flatten(1));
    }
}
