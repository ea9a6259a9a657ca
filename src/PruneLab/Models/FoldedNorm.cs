using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>Batch norm in eval mode as y = x * scale + shift, so a sliced path can fold it into the conv it follows.</summary>
public static class FoldedNorm
{
    const double Eps = 1e-5; // nn.BatchNorm's default, which every backbone uses

    public static (Tensor Scale, Tensor Shift) Of(NormBase bn)
    {
        var scale = bn.weight! / (bn.running_var! + Eps).sqrt();
        return (scale, bn.bias! - bn.running_mean! * scale);
    }

    /// <summary>The first <paramref name="outKept"/> filters over the first <paramref name="inKept"/> inputs, with the norm folded in.</summary>
    public static (Tensor Weight, Tensor Bias) Conv(ConvLayer conv, NormBase bn, long inKept, long outKept)
    {
        using var _ = no_grad();
        var (scale, shift) = Of(bn);
        var s = scale.narrow(0, 0, outKept);
        var w = (conv.weight.narrow(0, 0, outKept).narrow(1, 0, inKept) * s.view(-1, 1, 1, 1)).contiguous();
        var b = shift.narrow(0, 0, outKept).contiguous();
        if (conv.bias is { } convBias) b = b + convBias.narrow(0, 0, outKept) * s;
        return (w.DetachFromDisposeScope(), b.DetachFromDisposeScope());
    }
}
