using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>
/// The CIFAR ResNets' identity shortcut ("option A"): where a block downsamples it takes every second pixel, and where
/// the channel count grows it zero-pads the missing channels (half before, half after). Shared by the backbone and
/// every method that runs a block with other widths.
/// </summary>
public static class ResidualShortcut
{
    public static Tensor Apply(Tensor x, long stride, long outChannels)
    {
        long inChannels = x.shape[1];
        if (stride == 1 && inChannels == outChannels) return x;
        if (stride > 1)
            x = x[TensorIndex.Ellipsis, TensorIndex.Slice(null, null, stride), TensorIndex.Slice(null, null, stride)];
        if (outChannels < inChannels) return x.narrow(1, 0, outChannels); // only when a stage is narrower than its predecessor
        long extra = outChannels - inChannels, front = extra / 2;
        return extra == 0 ? x : nn.functional.pad(x, [0, 0, 0, 0, front, extra - front]);
    }
}
