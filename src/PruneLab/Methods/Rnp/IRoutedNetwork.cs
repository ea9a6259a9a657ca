using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// A trained backbone the agent routes, one decision per step and image: RNP's channel groups
/// (<see cref="RoutedVgg"/>, step = conv layer) or RNR's block paths (<see cref="RoutedResNet"/>, step = residual block).
/// A routing is a set of per-site prefixes, so both paths come from the shared engines: the masked path is the
/// backbone's own forward pass with a <see cref="ChannelMaskGate"/> (batched, differentiable: training), the sliced path
/// is <see cref="SlicedExecution"/> with a <see cref="RoutingGate"/> (inference: the work really skipped). Both agree (tested).
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
    /// <summary>The step whose action sets a site's kept channels (-1: none; the site always runs whole).</summary>
    int StepOf(int site);
    /// <summary>Whether a step decides at this site, from the site's conv input (the first site the step governs).</summary>
    bool Decides(int site);
    /// <summary>The site's kept channels (a prefix: channels are ordered by importance) when its step takes <paramref name="action"/>.</summary>
    int Kept(int site, int action);
    /// <summary>The backbone's multiply-accumulates for one image taking <paramref name="actions"/>.</summary>
    long Flops(IReadOnlyList<int> actions);
    /// <summary>A short label of an action at a step, e.g. "3/4 groups (48 ch)" or "skip".</summary>
    string Describe(int step, int action);
    /// <summary>The sliced engine over the backbone (built on first use; its kernels fold the weights of that moment).</summary>
    SlicedExecution Engine { get; }
    /// <summary>Re-folds the engine's kernels: call after the backbone's weights changed.</summary>
    void Invalidate();
}

public static class RoutedNetworkExtensions
{
    /// <summary>
    /// The masked forward pass, each image routed by <paramref name="decide"/> (step, the deciding site's conv input
    /// [N, C, H, W]) -> actions [N] (1..Actions), called step by step as the pass reaches each decision.
    /// </summary>
    public static Tensor Masked(this IRoutedNetwork routed, Tensor images, Func<int, Tensor, Tensor> decide)
    {
        var net = routed.Network;
        var chosen = new Tensor?[routed.Steps];
        var kept = net.Sites.Select(s => routed.StepOf(s.Index) < 0 ? null
            : tensor(Enumerable.Range(1, routed.Actions).Select(a => (long)routed.Kept(s.Index, a)).ToArray(), device: images.device)).ToArray();
        var previous = net.Gate;
        net.Gate = new ChannelMaskGate((site, input) =>
        {
            int step = routed.StepOf(site);
            if (step < 0) return null;
            if (routed.Decides(site)) chosen[step] = decide(step, input);
            var count = kept[site]!.index_select(0, chosen[step]! - 1);
            return arange(net.Sites[site].Channels, device: input.device).unsqueeze(0).lt(count.unsqueeze(1));
        });
        try { return net.call(images); }
        finally { net.Gate = previous; }
    }

    /// <summary>A whole masked forward pass under fixed actions [N, steps].</summary>
    public static Tensor Masked(this IRoutedNetwork routed, Tensor images, Tensor actions) =>
        routed.Masked(images, (step, _) => actions[TensorIndex.Colon, step]);

    /// <summary>The whole network for images that all take <paramref name="actions"/> (one per step), computing only what they keep. Eval mode.</summary>
    public static Tensor Sliced(this IRoutedNetwork routed, Tensor images, IReadOnlyList<int> actions)
    {
        if (actions.Count != routed.Steps) throw new ArgumentException($"expected {routed.Steps} actions (one per step), got {actions.Count}.");
        return routed.Engine.Run(images, new RoutingGate(routed, (step, _) => actions[step]));
    }

    /// <summary>The full network's cost (every step at its last action).</summary>
    public static long DenseFlops(this IRoutedNetwork routed) => routed.Flops(Enumerable.Repeat(routed.Actions, routed.Steps).ToArray());
}
