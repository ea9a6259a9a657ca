using static TorchSharp.torch;

namespace PruneLab.Runtime;

/// <summary>
/// A convolution computed with zero channels added up to a multiple of 16, the fallback for geometries whose oneDNN
/// result was wrong. On the machines where oneDNN failed, multiples of 16 were always right, and oneDNN pads its
/// blocked layouts to 16 channels internally anyway. Input channels up to 16 stay as they are: those faults needed more
/// than 16 inputs, and padding a 3-channel stem to 16 would multiply its cost.
/// </summary>
internal static class ChannelPadding
{
    public const long Lanes = 16;

    static long Up(long channels) => (channels + Lanes - 1) / Lanes * Lanes;

    /// <summary>The geometry padded, or null when it cannot be padded (grouped but not depthwise) or needs no padding.</summary>
    public static ConvGeometry? Target(ConvGeometry g)
    {
        bool depthwise = g.Groups > 1 && g.Groups == g.InChannels && g.Groups == g.OutChannels;
        if (g.Groups != 1 && !depthwise) return null;
        long outChannels = Up(g.OutChannels);
        long inChannels = depthwise ? outChannels : g.InChannels <= Lanes || g.InChannels % Lanes == 0 ? g.InChannels : Up(g.InChannels);
        var padded = g with { InChannels = inChannels, OutChannels = outChannels, Groups = depthwise ? outChannels : 1 };
        return padded == g ? null : padded;
    }

    /// <summary>Zero filters appended (and zero input channels in every filter, where the input grows).</summary>
    public static (Tensor Weight, Tensor? Bias) Weights(Tensor weight, Tensor? bias, ConvGeometry from, ConvGeometry to)
    {
        long extraIn = to.Groups == 1 ? to.InChannels - from.InChannels : 0, extraOut = to.OutChannels - from.OutChannels;
        var w = nn.functional.pad(weight, [0, 0, 0, 0, 0, extraIn, 0, extraOut]);
        var b = bias is null ? null : nn.functional.pad(bias, [0, extraOut]);
        return (w, b);
    }

    public static Tensor Input(Tensor input, ConvGeometry from, ConvGeometry to) =>
        to.InChannels > from.InChannels ? nn.functional.pad(input, [0, 0, 0, 0, 0, to.InChannels - from.InChannels]) : input;
}
