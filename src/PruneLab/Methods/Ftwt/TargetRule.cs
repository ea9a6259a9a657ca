using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// FTWT's target rule: which filters of one site each image "needs". In: the site's output [N, C, H, W] after its
/// activation (for a ResNet block's second conv, after BN and before the residual add), without gradients, and the
/// threshold r in (0, 1]. Out: targets [N, C], 1 keep and 0 drop (any non-zero value counts as kept). The targets train
/// the predictors (binary cross-entropy) and, read off the pretrained network, give the FLOPs estimate before training.
/// The paper's rule is <see cref="TargetRules.HeatmapMass"/>; a notebook's ablation cell passes another through
/// <see cref="FtwtOptions.TargetAblation"/>.
/// </summary>
public delegate Tensor TargetRule(Tensor output, double threshold);
