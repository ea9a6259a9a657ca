using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>The activation that follows a site's norm in the forward pass (none: e.g. a ResNet block's second conv, before the add).</summary>
public enum SiteActivation { None, Relu, Relu6 }

/// <summary>
/// A hook into every backbone's forward pass at each site, after the norm and before the activation: a dynamic method
/// reads the conv's input and output there and may silence output channels per image (FTWT's mask predictors).
/// A binary mask commutes with ReLU and ReLU6, so masking before the activation equals masking after it.
/// </summary>
public interface ISiteGate
{
    /// <summary>Site <paramref name="site"/>'s normalised output [N, C, H, W], given the conv's input; returns what flows on.</summary>
    Tensor Apply(int site, Tensor convInput, Tensor normOutput, SiteActivation activation);

    /// <summary>
    /// Another norm over the same site's channels (MobileNetV2's depthwise conv after an expansion): its output gets the
    /// site's mask again, since a silenced channel's norm shift would otherwise revive it.
    /// </summary>
    Tensor Follow(int site, Tensor normOutput);
}

/// <summary>The gate a backbone and its blocks share; empty means the plain forward pass.</summary>
public sealed class SiteGateSlot
{
    public ISiteGate? Gate { get; set; }

    public Tensor Apply(int site, Tensor convInput, Tensor normOutput, SiteActivation activation) =>
        Gate is { } g ? g.Apply(site, convInput, normOutput, activation) : normOutput;

    public Tensor Follow(int site, Tensor normOutput) => Gate is { } g ? g.Follow(site, normOutput) : normOutput;
}
