using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>CIFAR ResNet-20/32/56/110 (see <see cref="ResNetFamily"/>), with any per-layer widths.</summary>
public sealed class CifarResNet : PrunableNet
{
    readonly ConvLayer conv1;
    readonly BatchNorm2d bn1;
    readonly ModuleList<BasicBlock> layer1, layer2, layer3;
    readonly Linear fc;

    public CifarResNet(Architecture arch) : base(nameof(CifarResNet), arch)
    {
        conv1 = LayerFactory.Conv(arch.Layer("conv1"));
        bn1 = nn.BatchNorm2d(arch.Layer("conv1").OutChannels);
        int n = ResNetFamily.BlocksPerStage(arch.Spec.Family);
        ModuleList<BasicBlock> Stage(int s) => nn.ModuleList(Enumerable.Range(0, n)
            .Select(i => new BasicBlock($"layer{s}.{i}", arch.Layer($"layer{s}.{i}.conv1"), arch.Layer($"layer{s}.{i}.conv2"),
                (arch.Site($"layer{s}.{i}.conv1").Index, arch.Site($"layer{s}.{i}.conv2").Index), GateSlot))
            .ToArray());
        layer1 = Stage(1);
        layer2 = Stage(2);
        layer3 = Stage(3);
        fc = LayerFactory.Linear(arch.Layer("fc"));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = GateSlot.Apply(0, x, bn1.call(conv1.call(x)), SiteActivation.Relu).relu();
        foreach (var stage in new[] { layer1, layer2, layer3 })
            foreach (var block in stage)
                x = block.call(x);
        return fc.call(nn.functional.adaptive_avg_pool2d(x, 1).flatten(1));
    }
}
