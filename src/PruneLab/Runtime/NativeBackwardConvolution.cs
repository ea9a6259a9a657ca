using static TorchSharp.torch;

namespace PruneLab.Runtime;

/// <summary>
/// A convolution whose backward pass runs on libtorch's native kernels, for geometries where oneDNN's gradient is
/// wrong (see <see cref="ConvolutionGuard"/>). libtorch picks the kernel when the backward node runs, not when the
/// forward ran, so this node recomputes its forward natively inside backward and differentiates that.
/// </summary>
internal sealed class NativeBackwardConvolution : autograd.SingleTensorFunction<NativeBackwardConvolution>
{
    public override string Name => nameof(NativeBackwardConvolution);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (input, weight, bias, settings) = ((Tensor)vars[0], (Tensor)vars[1], vars[2] as Tensor, (ConvSettings)vars[3]);
        ctx.save_for_backward([input, weight]);
        ctx.save_data("settings", settings);
        ctx.save_data("bias", bias is not null);
        return settings.OneDnnForward
            ? ConvolutionGuard.Plain(input, weight, bias, settings.Stride, settings.Padding, settings.Groups)
            : ConvolutionGuard.WithoutOneDnn(() => ConvolutionGuard.Plain(input, weight, bias, settings.Stride, settings.Padding, settings.Groups));
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        var settings = (ConvSettings)ctx.get_data("settings");
        bool hasBias = (bool)ctx.get_data("bias");
        var (input, weight) = (saved[0], saved[1]);
        return ConvolutionGuard.WithoutOneDnn(() =>
        {
            using var _ = enable_grad();
            var x = input.detach().requires_grad_(true);
            var w = weight.detach().requires_grad_(true);
            var y = ConvolutionGuard.Plain(x, w, null, settings.Stride, settings.Padding, settings.Groups);
            var grads = autograd.grad([y], [x, w], [gradOutput]);
            Tensor? gradBias = hasBias ? gradOutput.sum([0, 2, 3]) : null;
            return new List<Tensor> { grads[0], grads[1], gradBias!, null! };
        });
    }
}
