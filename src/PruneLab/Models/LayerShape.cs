namespace PruneLab.Models;

public enum LayerKind { Conv, Linear }

/// <summary>
/// A conv or linear layer as the cost model sees it. Channel counts come from sites: <see cref="InSite"/> and
/// <see cref="OutSite"/> index <see cref="ModelSpec.Widths"/> (-1: fixed, e.g. image channels or classes), so the
/// same description prices any selection of channels.
/// </summary>
public sealed record LayerShape(
    string Name, LayerKind Kind, int InChannels, int OutChannels, int Kernel, int Stride,
    int OutHeight, int OutWidth, int InSite, int OutSite, bool Depthwise = false, bool Bias = false,
    int InSpatial = 1)
{
    /// <summary>Multiply-accumulates for one input at the given kept channel counts.</summary>
    public long Macs(int inChannels, int outChannels) =>
        Depthwise
            ? (long)outChannels * Kernel * Kernel * OutHeight * OutWidth
            : (long)outChannels * inChannels * InSpatial * Kernel * Kernel * OutHeight * OutWidth;

    public long Params(int inChannels, int outChannels) =>
        (Depthwise ? (long)outChannels * Kernel * Kernel : (long)outChannels * inChannels * InSpatial * Kernel * Kernel)
        + (Bias ? outChannels : 0);

    public long Macs() => Macs(InChannels, OutChannels);
}

/// <summary>A batch-norm layer over a site's channels (2 learned parameters per channel).</summary>
public sealed record NormShape(string Name, int Site, int Channels);
