using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>Builds modules from layer descriptions, with the initialisation CIFAR networks are usually trained from.</summary>
internal static class LayerFactory
{
    public static ConvLayer Conv(LayerShape l)
    {
        var conv = new ConvLayer(l.InChannels, l.OutChannels, l.Kernel, l.Stride,
            l.Depthwise ? l.InChannels : 1, l.Bias);
        nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        return conv;
    }

    public static BatchNorm2d Norm(NormShape n) => nn.BatchNorm2d(n.Channels);

    public static Linear Linear(LayerShape l) => nn.Linear(l.InChannels * l.InSpatial, l.OutChannels, hasBias: l.Bias);
}
