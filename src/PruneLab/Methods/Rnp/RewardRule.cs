using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// RNP's reward for a batch of N episodes: from what they did (<see cref="RewardInputs"/>) to each step's reward,
/// [N, steps] (float, on the actions' device; kept out of autograd). These are the rewards the replay stores and the
/// Q-targets are built from, so the rule decides what routing the agent learns to prefer. The paper's rule is
/// <see cref="RewardRules.Paper"/>; a notebook's ablation cell passes another through <see cref="RnpOptions.RewardAblation"/>.
/// </summary>
public delegate Tensor RewardRule(RewardInputs episodes);
