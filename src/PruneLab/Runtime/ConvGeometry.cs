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

    public long OutputHeight => (Height + 2 * Padding - KernelHeight) / Stride + 1;
    public long OutputWidth => (Width + 2 * Padding - KernelWidth) / Stride + 1;

    /// <summary>Multiply-accumulates per sample.</summary>
    public long Macs => OutChannels * OutputHeight * OutputWidth * (InChannels / Groups) * KernelHeight * KernelWidth;

    /// <summary>Its name in the verdict cache: fixed, unlike <see cref="ToString"/>, so cached checks stay readable.</summary>
    internal string CacheId =>
        $"n{Batch} c{InChannels} o{OutChannels} {Height}x{Width} k{KernelHeight}x{KernelWidth} s{Stride} p{Padding} g{Groups}";

    public override string ToString() =>
        $"{Batch}x{InChannels}x{Height}x{Width} -> {OutChannels} (k{KernelHeight}x{KernelWidth} s{Stride} p{Padding} g{Groups})";
}
