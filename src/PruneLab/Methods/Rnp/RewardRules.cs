using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>Reward rules written as <see cref="RewardRule"/>s: the paper's is the default, and the shape an ablation edits.</summary>
public static class RewardRules
{
    /// <summary>
    /// Lin et al. (NIPS 2017): r_i = (a_i - 1) * p at every step, plus -alpha * L_cls of the routed pass at the last.
    /// </summary>
    public static readonly RewardRule Paper = e =>
    {
        var rewards = (e.Actions - 1).to(ScalarType.Float32) * e.Penalty;
        var last = rewards.shape[1] - 1;
        rewards[TensorIndex.Colon, last] += -e.Alpha * e.TaskLoss.detach();
        return rewards;
    };
}
