namespace PruneLab.Models;

/// <summary>
/// A backbone's forward pass as data: the order in which its sites' convs run, how they are joined (pools, residual
/// adds, depthwise convs) and its classifier. Each family writes its own (<see cref="VggFamily"/>,
/// <see cref="ResNetFamily"/>, <see cref="MobileNetV2Family"/>), so engines that run a backbone another way
/// (<see cref="SlicedExecution"/>, MetaPruning's PruningNet) walk these steps instead of re-wiring it.
/// </summary>
public sealed record BackboneWiring(IReadOnlyList<WiringStep> Steps, ClassifierHead Head);

/// <summary>A site's conv and norm by module name, then its activation.</summary>
public sealed record SiteConv(int Site, string Conv, string Norm, int Stride, SiteActivation Activation);

public abstract record WiringStep;

/// <summary>A conv-norm-activation in a chain (VGG, a stem, MobileNetV2's last conv), optionally followed by a 2x2 max-pool (ceil mode).</summary>
public sealed record ChainStep(SiteConv Conv, bool PoolAfter) : WiringStep;

/// <summary>
/// The CIFAR ResNet basic block: relu(first), second (no activation), plus <see cref="ResidualShortcut"/> of the
/// block's input at the first conv's stride, then ReLU.
/// </summary>
public sealed record BasicBlockStep(SiteConv First, SiteConv Second) : WiringStep;

/// <summary>
/// MobileNetV2's block: optional 1x1 expansion (ReLU6), 3x3 depthwise over <see cref="HiddenSite"/>'s channels (norm,
/// ReLU6), linear 1x1 projection, identity residual when <see cref="Residual"/>.
/// </summary>
public sealed record InvertedResidualStep(SiteConv? Expand, string Depthwise, string DepthwiseNorm, int HiddenSite, int Stride,
    SiteConv Project, bool Residual) : WiringStep;

/// <summary>
/// The classifier on the last site's features: global average pool (ResNet, MobileNetV2) or flatten (VGG); then,
/// when <see cref="Hidden"/> is set, linear-norm-ReLU; then the output linear layer.
/// </summary>
public sealed record ClassifierHead(bool GlobalPool, string? Hidden, string? HiddenNorm, string Output);
