using PruneLab.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>
/// A square-kernel 2-D convolution with "same" padding, state-dict compatible with <c>nn.Conv2d</c>
/// (parameters "weight" and "bias"), that computes through <see cref="ConvolutionGuard"/>. Where the guard pads this
/// geometry, inference reuses one padded copy of the weights until they change (<see cref="PaddedWeightCache"/>).
/// </summary>
public sealed class ConvLayer : nn.Module<Tensor, Tensor>
{
    public ConvLayer(long inChannels, long outChannels, long kernel, long stride = 1, long groups = 1, bool bias = false)
        : base(nameof(ConvLayer))
    {
        (InChannels, OutChannels, Kernel, Stride, Groups) = (inChannels, outChannels, kernel, stride, groups);
        register_parameter("weight", new Parameter(empty(outChannels, inChannels / groups, kernel, kernel)));
        if (bias) register_parameter("bias", new Parameter(zeros(outChannels)));
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public long Kernel { get; }
    public long Stride { get; }
    public long Groups { get; }
    public long Padding => Kernel / 2;

    // Read through the registry, so .to(device) and load_state_dict are always reflected; names as nn.Conv2d.
#pragma warning disable IDE1006
    public Parameter weight => get_parameter("weight")!;
    public Parameter? bias => get_parameter("bias");
#pragma warning restore IDE1006

    readonly PaddedWeightCache _padded = new();

    /// <summary>How many times padded weights were made for inference (for tests).</summary>
    internal int PaddedWeightBuilds => _padded.Builds;

    public override Tensor forward(Tensor input) => ConvolutionGuard.Conv2d(input, weight, bias, Stride, Padding, Groups, _padded);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _padded.Dispose();
        base.Dispose(disposing);
    }
}
