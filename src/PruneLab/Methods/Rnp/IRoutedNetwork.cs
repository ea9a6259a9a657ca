using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// A trained backbone the agent routes, one decision per step and image: RNP's channel groups
/// (<see cref="RoutedVgg"/>, step = conv layer) or RNR's block paths (<see cref="RoutedResNet"/>, step = residual block).
/// The masked path computes everything and silences what an action leaves out (batched, differentiable: training);
/// the sliced path computes only what the actions keep (inference: the work really skipped). Both agree (tested).
/// </summary>
public interface IRoutedNetwork
{
    PrunableNet Network { get; }
    /// <summary>Decisions per image (the episode's length).</summary>
    int Steps { get; }
    /// <summary>Choices per decision, 1..Actions; the last is the full computation.</summary>
    int Actions { get; }
    /// <summary>Channels of the feature map the agent sees before each step.</summary>
    IReadOnlyList<int> InputChannels { get; }

    /// <summary>What runs before the first decision (VGG: nothing; ResNet: the stem).</summary>
    Tensor Enter(Tensor images);
    /// <summary>Step <paramref name="step"/> on a batch, each image with its own action [N] (1..Actions).</summary>
    Tensor MaskedStep(int step, Tensor x, Tensor actions);
    /// <summary>The classifier after the last step.</summary>
    Tensor MaskedHead(Tensor x);
    /// <summary>The sliced path's part before the first decision (eval mode, norms folded).</summary>
    Tensor SlicedEnter(Tensor images);
    /// <summary>
    /// Step <paramref name="step"/> for images that all take <paramref name="action"/> here and took
    /// <paramref name="previous"/> at the step before (ignored at the first): only the kept channels are computed,
    /// and x holds only what the previous step kept.
    /// </summary>
    Tensor SlicedStep(int step, Tensor x, int previous, int action);
    /// <summary>The classifier on the sliced features after the last step, which took <paramref name="last"/>.</summary>
    Tensor SlicedHead(Tensor x, int last);
    /// <summary>The backbone's multiply-accumulates for one image taking <paramref name="actions"/>.</summary>
    long Flops(IReadOnlyList<int> actions);
    /// <summary>A short label of an action at a step, e.g. "3/4 groups (48 ch)" or "skip".</summary>
    string Describe(int step, int action);
    /// <summary>Forgets cached folded kernels: call after the backbone's weights changed.</summary>
    void Invalidate();
}

public static class RoutedNetworkExtensions
{
    /// <summary>A whole masked forward pass under fixed actions [N, steps].</summary>
    public static Tensor Masked(this IRoutedNetwork routed, Tensor images, Tensor actions)
    {
        var x = routed.Enter(images);
        for (int i = 0; i < routed.Steps; i++) x = routed.MaskedStep(i, x, actions[TensorIndex.Colon, i]);
        return routed.MaskedHead(x);
    }

    /// <summary>The whole network for images that all take <paramref name="actions"/> (one per step), computing only what they keep. Eval mode.</summary>
    public static Tensor Sliced(this IRoutedNetwork routed, Tensor images, IReadOnlyList<int> actions)
    {
        if (actions.Count != routed.Steps) throw new ArgumentException($"expected {routed.Steps} actions (one per step), got {actions.Count}.");
        var x = routed.SlicedEnter(images);
        for (int i = 0; i < routed.Steps; i++) x = routed.SlicedStep(i, x, i == 0 ? 0 : actions[i - 1], actions[i]);
        return routed.SlicedHead(x, actions[^1]);
    }

    /// <summary>The full network's cost (every step at its last action).</summary>
    public static long DenseFlops(this IRoutedNetwork routed) => routed.Flops(Enumerable.Repeat(routed.Actions, routed.Steps).ToArray());
}
