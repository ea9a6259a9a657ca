using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// What a <see cref="RewardRule"/> sees of a batch of N episodes, each one image's trip through the routed network.
/// </summary>
/// <param name="Actions">[N, steps] int64: the action taken at each step, 1..<paramref name="Choices"/> (RNP: groups kept; RNR: the path, 1 = skip).</param>
/// <param name="TaskLoss">[N] float: each image's cross-entropy under its routing (detached).</param>
/// <param name="Correct">[N] bool: whether the routed network classified the image right.</param>
/// <param name="Penalty">p &lt; 0, the run's cost of one action step (one more group).</param>
/// <param name="Alpha">alpha &gt; 0, the scale of the task term (calibrated so alpha * L_cls starts near 1).</param>
/// <param name="StepCost">
/// [steps] float, mean 1: what one action step costs at each step relative to the mean step (<see cref="RelativeStepCost"/>).
/// The paper charges p per group wherever it is; a group of a wide layer on a large map costs several times one of a late layer.
/// </param>
/// <param name="Choices">k, the actions per step.</param>
public sealed record RewardInputs(Tensor Actions, Tensor TaskLoss, Tensor Correct, double Penalty, double Alpha, Tensor StepCost, int Choices)
{
    /// <summary>
    /// What the rule sees of a batch of episodes run by <see cref="RoutingRollout.Run"/> on images with
    /// <paramref name="labels"/>. <paramref name="stepCost"/>: the network's <see cref="RelativeStepCost"/>, when the
    /// caller has it already (a trainer computes it once, not per batch).
    /// </summary>
    public static RewardInputs Of(IRoutedNetwork routed, Rollout rollout, Tensor labels, double penalty, double alpha, double[]? stepCost = null)
    {
        using var _ = no_grad();
        var taskLoss = nn.functional.cross_entropy(rollout.Logits, labels, reduction: nn.Reduction.None);
        var correct = rollout.Logits.argmax(1).eq(labels);
        var cost = tensor(stepCost ?? RelativeStepCost(routed), device: rollout.Actions.device).to(ScalarType.Float32);
        return new RewardInputs(rollout.Actions, taskLoss, correct, penalty, alpha, cost, routed.Actions);
    }

    /// <summary>
    /// Each step's FLOPs per action step, divided by their mean over steps: the dense network's cost minus its cost with
    /// only that step at action 1, over the k - 1 action steps above it. The drop counts the next layer's inputs too.
    /// </summary>
    public static double[] RelativeStepCost(IRoutedNetwork routed)
    {
        if (routed.Actions < 2) return Enumerable.Repeat(1.0, routed.Steps).ToArray();
        long dense = routed.DenseFlops();
        var perAction = Enumerable.Range(0, routed.Steps).Select(step =>
        {
            var actions = Enumerable.Repeat(routed.Actions, routed.Steps).ToArray();
            actions[step] = 1;
            return (double)(dense - routed.Flops(actions)) / (routed.Actions - 1);
        }).ToArray();
        double mean = perAction.Average();
        return perAction.Select(c => c / mean).ToArray();
    }
}
