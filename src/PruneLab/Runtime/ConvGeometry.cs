using static TorchSharp.torch;

namespace PruneLab.Runtime;

/// <summary>Everything that decides which convolution kernel libtorch picks for a call.</summary>
public readonly record struct ConvGeometry(
    long Batch, long InChannels, long OutChannels, long Height, long Width,
    long KernelHeight, long KernelWidth, long Stride, long Padding, long Groups)
{
    public static ConvGeometry Of(Tensor input, Tensor weight, long stride, long padding, long groups) => new(
        input.shape[0], input.shape[1], weight.shape[0], input.shape[2], input.shape[3],
        weight.shape[2], weight.shape[3], stride, padding, groups);

    public override string ToString() =>
        $"{Batch}x{InChannels}x{Height}x{Width} -> {OutChannels} (k{KernelHeight}x{KernelWidth} s{Stride} p{Padding} g{Groups})";
}
